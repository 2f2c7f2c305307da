// The language server in a real VS Code (code-server + chromium): on the seed CNN, hovering a
// layer call shows its output shape and parameter count, the model gets a CodeLens with its
// parameter total, and a shape mistake typed into the file shows up as a diagnostic at its line
// and goes away with the mistake.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { hoverSettled, openFile, resultsDir, setColorTheme, startVsCode, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const SOURCE = readFileSync(join(root, 'examples', 'mnist-cnn.ts'), 'utf8').split('\n');
const CONV_LINE = 'filters: 64, kernelSize: 3';
const FLATTEN_LINE = 'model.add(tf.layers.flatten());';
const MISTAKE = 'model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));';

/** Process ids of DeepDrill language servers started by this test's VS Code (its descendants). */
function serverPids(): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const parent = new Map(rows.map((r) => [r.pid, r.ppid]));
  const ours = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 50; p = parent.get(p), hops++) if (p === process.pid) return true;
    return false;
  };
  return rows.filter((r) => /deepdrill[^ ]*\/dist\/server\.js --node-ipc/.test(r.args) && ours(r.pid)).map((r) => r.pid);
}

/** Hovers the `conv2d` of the second conv layer and returns the hover's text once it shows the layer. */
async function hoverConv(page: Page): Promise<string> {
  const word = page.locator('.view-line', { hasText: CONV_LINE }).locator('span', { hasText: /^conv2d$/ }).first();
  const hover = page.locator('.monaco-hover', { hasText: 'Conv2D' });
  // Right after a theme change on a loaded machine a hover can be swallowed (the editor is
  // still taking focus back from the picker): point at the word again, as a user would.
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await word.hover();
    try {
      await hover.waitFor({ timeout: 15_000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
    }
  }
  return (await hover.innerText()).replace(/\s+/g, ' ');
}

describe('the language server in VS Code', { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'deepdrill-lsp-'));
    cpSync(join(root, 'examples'), folder, { recursive: true });
    vs = await startVsCode({ folder });
  });
  after(async () => {
    await vs?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('puts the parameter total above the seed CNN and hovers a layer with its output shape', async () => {
    const { page } = vs;
    await openFile(page, 'mnist-cnn.ts');
    await page.locator('.codelens-decoration', { hasText: '34,826 params' }).waitFor();
    await page.locator('.view-line', { hasText: 'tf.sequential()' }).locator('span', { hasText: /^sequential$/ }).first().hover();
    const table = page.locator('.monaco-hover', { hasText: 'Sequential' });
    await table.waitFor();
    assert.match((await table.innerText()).replace(/\s+/g, ' '), /34,826 params .*flatten_Flatten1 \(Flatten\) \[null, 1600\] 0/);
    await hoverSettled(page);
    await page.screenshot({ path: join(resultsDir(), 'e2e-lsp-model-hover-dark.png') });
    const text = await hoverConv(page);
    assert.match(text, /Conv2D/);
    assert.match(text, /Output shape \[null, 11, 11, 64\]/);
    assert.match(text, /18,496 params/);
    assert.match(text, /activation relu/);
    await hoverSettled(page);
    await page.screenshot({ path: join(resultsDir(), 'e2e-lsp-hover-dark.png') });

    // Preferences: Color Theme, by its keys (the palette ranks the marketplace's theme browser first).
    await page.keyboard.press('Escape');
    await setColorTheme(page, 'Light Modern');
    assert.match(await hoverConv(page), /\[null, 11, 11, 64\]/);
    await hoverSettled(page);
    await page.screenshot({ path: join(resultsDir(), 'e2e-lsp-hover-light.png') });
    await page.keyboard.press('Escape');
  });

  it('shows a shape mistake at its line while typing, and clears it when the line goes', async () => {
    const { page } = vs;
    const flattenLine = SOURCE.findIndex((l) => l === FLATTEN_LINE) + 1;
    await page.locator('.view-line', { hasText: FLATTEN_LINE }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // insertText: no auto-closed brackets to fight.
    await page.keyboard.insertText(MISTAKE);

    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const problem = rows.filter({ hasText: 'expects a 4-D input' });
    await problem.first().waitFor();
    const shown = (await problem.first().innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /conv2d expects a 4-D input \[batch, height, width, channels\] but gets \[null, 1600\]/);
    assert.match(shown, /DeepDrill/);
    assert.match(shown, new RegExp(`\\[Ln ${flattenLine + 1}, Col \\d+\\]`));
    await page.locator('.editor-instance .squiggly-error').first().waitFor();
    await page.screenshot({ path: join(resultsDir(), 'e2e-lsp-diagnostic.png') });

    await page.locator('.view-line', { hasText: MISTAKE }).click();
    await page.keyboard.press('Control+Shift+K');
    await problem.first().waitFor({ state: 'detached' });
    assert.equal(await rows.filter({ hasText: 'DeepDrill' }).count(), 0, (await rows.allInnerTexts()).join('\n'));
  });

  it('reports a crashed server once and does not start it again', async () => {
    const { page } = vs;
    const pids = serverPids();
    assert.equal(pids.length, 1, `language server processes: ${pids.join(', ')}`);
    process.kill(pids[0]!, 'SIGKILL');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'model checker (language server) stopped' });
    await toast.first().waitFor();
    await page.screenshot({ path: join(resultsDir(), 'e2e-lsp-crash.png') });
    assert.equal(await toast.count(), 1);
    assert.deepEqual(serverPids(), [], 'the server was started again');
  });
});
