// A learner's first minute, in a real VS Code (code-server + chromium): open an example, run
// "DeepDrill: Train Current Model" from the command palette, and watch the metrics panel fill.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findInPalette, openFile, resultsDir, runFromPalette, setColorTheme, startVsCode, UI_TIMEOUT_MS, webviewFrame, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const TRAIN_TIMEOUT_MS = 180_000;
// The XOR example trains in seconds; until it exists, the test's own copy stands in.
const examples = join(root, 'examples');
const useExamples = existsSync(join(examples, 'xor-mlp.ts'));
const folder = useExamples ? examples : join(root, 'test', 'fixtures', 'e2e');
const xorFile = useExamples ? 'xor-mlp.ts' : 'xor.ts';
const syntaxErrorFile = join(root, 'test', 'fixtures', 'e2e', 'syntaxError.ts');
const longRunFile = join(root, 'test', 'fixtures', 'e2e', 'longRun.ts');

describe('Train Current Model in VS Code', { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;

  before(async () => {
    vs = await startVsCode({ folder });
  });
  after(async () => {
    await vs?.dispose();
  });

  it('offers the command in the palette', async () => {
    const { page } = vs;
    await findInPalette(page, 'DeepDrill: Train', 'DeepDrill: Train Current Model');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });

  it('trains the XOR example from the palette and shows epochs in the metrics panel', async () => {
    const { page } = vs;
    await openFile(page, xorFile);
    await runFromPalette(page, 'DeepDrill: Train Current Model');

    const panel = await webviewFrame(page, '#epochs', UI_TIMEOUT_MS);
    // Rows appear while it trains, before the run finishes.
    await panel.locator('#epochs tbody tr').first().waitFor({ timeout: TRAIN_TIMEOUT_MS });
    await panel.locator('#status', { hasText: /finished/i }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
    const backend = (await panel.locator('#backend').innerText()).toLowerCase();
    assert.match(backend, /wasm|cpu|tensorflow/, `the panel names the backend (it says "${backend}")`);
    const rows = await panel.locator('#epochs tbody tr').count();
    assert.ok(rows > 1, `the panel lists a row per epoch (${rows})`);
    // The status bar keeps the run's headline metric, accuracy in percent as beside the code.
    await page.locator('.statusbar-item', { hasText: /DeepDrill acc \d+\.\d %/ }).first().waitFor();

    await page.screenshot({ path: join(resultsDir(), 'e2e-train-xor.png') });
    await page.locator('iframe.webview').last().screenshot({ path: join(resultsDir(), 'e2e-metrics-panel.png') });
  });

  it('stops a run with the panel’s Stop button, and trains again with Train Again', async () => {
    const { page } = vs;
    await openFile(page, longRunFile);
    await runFromPalette(page, 'DeepDrill: Train Current Model');
    const panel = page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
    const status = panel.locator('#status');
    await panel.locator('#file-name', { hasText: 'longRun.ts' }).waitFor();
    await panel.locator('#status', { hasText: /^Training/ }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
    await panel.locator('#stop').click();
    await panel.locator('#status', { hasText: /^Stopped/ }).waitFor();

    await panel.locator('#retrain').click();
    await panel.locator('#status', { hasText: /^Training/ }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
    // The palette's Stop Training ends it too.
    await runFromPalette(page, 'DeepDrill: Stop Training');
    await panel.locator('#status', { hasText: /^Stopped/ }).waitFor();
    assert.equal(await status.innerText(), 'Stopped');
  });

  it('stops a run with Cancel on its progress notification; the status bar and the panel say it stopped', async () => {
    const { page } = vs;
    await openFile(page, longRunFile);
    await runFromPalette(page, 'DeepDrill: Train Current Model');
    const panel = page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
    await panel.locator('#status', { hasText: /^Training/ }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'DeepDrill: training longRun.ts' }).first();
    await toast.waitFor();
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await panel.locator('#status', { hasText: /^Stopped/ }).waitFor();
    await page.locator('.statusbar-item', { hasText: 'DeepDrill stopped' }).first().waitFor();
    await toast.waitFor({ state: 'detached' });
  });

  it('draws the metrics panel in a light theme too', async () => {
    const { page } = vs;
    await page.locator('iframe.webview').last().screenshot({ path: join(resultsDir(), 'e2e-metrics-panel-dark.png') });
    await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } }).catch(() => undefined);
    await setColorTheme(page, 'Light Modern');
    const panel = page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
    // The webview follows the theme: its body gets VS Code's light class.
    await panel.locator('body.vscode-light').waitFor();
    await panel.locator('#status', { hasText: /^Stopped/ }).waitFor();
    await page.locator('iframe.webview').last().screenshot({ path: join(resultsDir(), 'e2e-metrics-panel-light.png') });
  });

  it('shows an error notification naming the line of a syntax error', async () => {
    const { page } = vs;
    await openFile(page, syntaxErrorFile);
    await runFromPalette(page, 'DeepDrill: Train Current Model');
    // The progress notification names the file too; the error is the one with the error icon.
    const toast = page
      .locator('.notifications-toasts .notification-toast', { has: page.locator('.codicon-error') })
      .filter({ hasText: /syntaxError\.ts/ })
      .first();
    await toast.waitFor({ timeout: TRAIN_TIMEOUT_MS });
    const text = await toast.innerText();
    assert.match(text, /\b5\b/, `the notification names line 5: "${text}"`);
    await page.screenshot({ path: join(resultsDir(), 'e2e-syntax-error.png') });
  });
});
