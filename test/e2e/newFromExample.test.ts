// A learner with an empty folder: the Get Started walkthrough, "New Model File from Example",
// and the copied example trains from their own folder with nothing installed there.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { findInPalette, resultsDir, runFromPalette, startVsCode, UI_TIMEOUT_MS, webviewFrame, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const TRAIN_TIMEOUT_MS = 180_000;

async function copyExample(page: Page, example: string, copiedAs: string): Promise<void> {
  await findInPalette(page, 'DeepDrill: New Model File', 'DeepDrill: New Model File from Example');
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input[placeholder^="Pick an example"]');
  await input.waitFor();
  // Every example is offered, with the first line of its header comment.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'real MNIST set' }).first().waitFor();
  await input.fill(example);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: example }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${copiedAs}"]`).waitFor();
}

describe('A model file from an example, in an empty folder', { timeout: 6 * 60_000 }, () => {
  let vs: VsCode;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'deepdrill-examples-ws-'));
    vs = await startVsCode({ folder });
  });
  after(async () => {
    await vs?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('the Get Started walkthrough lists its steps', async () => {
    const { page } = vs;
    await findInPalette(page, 'Welcome: Open Walkthrough', 'Welcome: Open Walkthrough');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with DeepDrill' }).first().click();
    for (const step of ['Create a model file', 'Train it', 'See its architecture', 'Practise a drill']) {
      await page.locator('.getting-started-step', { hasText: step }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await page.screenshot({ path: join(resultsDir(), 'e2e-walkthrough.png') });
  });

  it('copies an example into the folder without overwriting, and the copy trains', async () => {
    const { page } = vs;
    await copyExample(page, 'xor-mlp.ts', 'xor-mlp.ts');
    const copy = join(folder, 'xor-mlp.ts');
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(join(root, 'examples', 'xor-mlp.ts'), 'utf8'));
    // A second copy gets a name of its own.
    await copyExample(page, 'xor-mlp.ts', 'xor-mlp-2.ts');
    assert.ok(existsSync(join(folder, 'xor-mlp-2.ts')), 'the second copy is xor-mlp-2.ts');
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(join(root, 'examples', 'xor-mlp.ts'), 'utf8'), 'the first copy is untouched');

    await runFromPalette(page, 'DeepDrill: Train Current Model');
    const panel = await webviewFrame(page, '#epochs', UI_TIMEOUT_MS);
    await panel.locator('#status', { hasText: /finished/i }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
    assert.match(await panel.locator('#file-name').innerText(), /xor-mlp-2\.ts/);
  });
});
