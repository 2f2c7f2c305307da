// DeepDrill: Show Model Architecture in a real VS Code (code-server + chromium): the seed CNN
// and a functional model with a branch are drawn with tfjs's shapes and totals, and clicking a
// layer puts the editor's cursor on the line that created it. Screenshots in dark and light.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { openFile, resultsDir, runFromPalette, setColorTheme, startVsCode, UI_TIMEOUT_MS, webviewFrame, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const DESCRIBE_TIMEOUT_MS = 120_000;

async function shapeOf(panel: Frame, layer: string): Promise<string> {
  return (await panel.locator(`[data-layer="${layer}"] > text.shape`).textContent()) ?? '';
}

async function screenshotPanel(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(resultsDir(), `${name}.png`) });
  await page.locator('iframe.webview').last().screenshot({ path: join(resultsDir(), `${name}-panel.png`) });
}

describe('Show Model Architecture in VS Code', { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;

  before(async () => {
    vs = await startVsCode({ folder: join(root, 'examples') });
  });
  after(async () => {
    await vs?.dispose();
  });

  it('draws the seed CNN with its shapes and totals, and a click on a layer shows its line', async () => {
    const { page } = vs;
    await openFile(page, 'mnist-cnn.ts');
    await runFromPalette(page, 'DeepDrill: Show Model Architecture');
    const panel = await webviewFrame(page, '#diagram', UI_TIMEOUT_MS);
    await panel.locator('#diagram svg [data-layer="dense_Dense1"]').waitFor({ timeout: DESCRIBE_TIMEOUT_MS });

    assert.equal(await shapeOf(panel, 'conv2d_Conv2D1'), '[null,26,26,32]');
    assert.equal(await shapeOf(panel, 'max_pooling2d_MaxPooling2D1'), '[null,13,13,32]');
    assert.equal(await shapeOf(panel, 'conv2d_Conv2D2'), '[null,11,11,64]');
    assert.equal(await shapeOf(panel, 'flatten_Flatten1'), '[null,1600]');
    assert.equal(await shapeOf(panel, 'dense_Dense1'), '[null,10]');
    assert.equal(await panel.locator('[data-layer="conv2d_Conv2D2"] > text.params').textContent(), '18,496 params');
    assert.equal(await panel.locator('#total-params').innerText(), '34,826');
    assert.equal(await panel.locator('#non-trainable-params').innerText(), '0');
    assert.equal(await panel.locator('#flops').innerText(), '4.91 M');
    assert.equal(await panel.locator('#weight-memory').innerText(), '136 KiB');
    // The input is drawn too, and every edge carries the shape that flows along it.
    assert.equal(await panel.locator('.node-input > text.shape').textContent(), '[null,28,28,1]');
    const labels = await panel.locator('.edge-label').allTextContents();
    assert.deepEqual(labels.sort(), ['[null,1600]', '[null,11,11,64]', '[null,13,13,32]', '[null,26,26,32]', '[null,28,28,1]', '[null,5,5,64]'].sort());
    await screenshotPanel(page, 'e2e-architecture-cnn-dark');

    await panel.locator('[data-layer="conv2d_Conv2D2"]').click();
    await page.locator('.statusbar-item', { hasText: /Ln 21, Col 1\b/ }).waitFor();
    await panel.locator('[data-layer="dense_Dense1"]').click();
    await page.locator('.statusbar-item', { hasText: /Ln 24, Col 1\b/ }).waitFor();
    const active = page.locator('.tabs-container .tab.active[aria-label^="mnist-cnn.ts"]');
    assert.equal(await active.count(), 1, 'the model file is the active editor');
  });

  it('draws a functional model with a branch and follows the file to it', async () => {
    const { page } = vs;
    await openFile(page, 'functional-branch.ts');
    await runFromPalette(page, 'DeepDrill: Show Model Architecture');
    const panel = await webviewFrame(page, '#diagram', UI_TIMEOUT_MS);
    await panel.locator('#file-name', { hasText: 'functional-branch.ts' }).waitFor();
    await panel.locator('#diagram svg [data-layer="joined"]').waitFor({ timeout: DESCRIBE_TIMEOUT_MS });
    assert.equal(await shapeOf(panel, 'measurements'), '[null,4]');
    assert.equal(await shapeOf(panel, 'joined'), '[null,16]');
    assert.equal(await panel.locator('[data-layer="norm"] > text.params').textContent(), '64 params (32 frozen)');
    assert.equal(await panel.locator('#total-params').innerText(), '371');
    assert.equal(await panel.locator('#non-trainable-params').innerText(), '32');
    // The branch: two edges leave the input, two enter the merge.
    assert.equal(await panel.locator('[data-edge^="measurements->"]').count(), 2);
    assert.equal(await panel.locator('[data-edge$="->joined"]').count(), 2);
    await screenshotPanel(page, 'e2e-architecture-branch-dark');
  });

  it('is readable in a light theme', async () => {
    const { page } = vs;
    await setColorTheme(page, 'Light Modern');
    const panel = await webviewFrame(page, '#diagram svg [data-layer="joined"]', UI_TIMEOUT_MS);
    // The diagram is drawn again with the light theme's colours.
    // (A string: the test's own tsconfig has no DOM types.)
    await panel.waitForFunction(
      `document.querySelector('#diagram svg rect.background')?.getAttribute('fill') === getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim()`,
    );
    await screenshotPanel(page, 'e2e-architecture-branch-light');
    // Back to the CNN's editor tab (opened by the first test).
    await page.locator('.tabs-container .tab[aria-label^="mnist-cnn.ts"]').click();
    await page.locator('.tabs-container .tab.active[aria-label^="mnist-cnn.ts"]').waitFor();
    await runFromPalette(page, 'DeepDrill: Show Model Architecture');
    await panel.locator('#diagram svg [data-layer="dense_Dense1"]').waitFor({ timeout: DESCRIBE_TIMEOUT_MS });
    await screenshotPanel(page, 'e2e-architecture-cnn-light');
  });

  it('shows a file that does not build with its error line, and Show line goes there', async () => {
    const { page } = vs;
    await openFile(page, join(root, 'test', 'fixtures', 'e2e', 'syntaxError.ts'));
    await runFromPalette(page, 'DeepDrill: Show Model Architecture');
    const panel = await webviewFrame(page, '#diagram', UI_TIMEOUT_MS);
    await panel.locator('#file-name', { hasText: 'syntaxError.ts' }).waitFor();
    const error = panel.locator('#error');
    await error.waitFor({ timeout: DESCRIBE_TIMEOUT_MS });
    assert.match(await error.innerText(), /^Line 5: /);
    assert.equal(await panel.locator('#status').innerText(), 'Failed');
    await screenshotPanel(page, 'e2e-architecture-error-light');
    await panel.locator('#show-line').click();
    await page.locator('.statusbar-item', { hasText: /Ln 5, Col \d+/ }).waitFor();
  });
});
