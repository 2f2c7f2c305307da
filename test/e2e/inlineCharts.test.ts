// The run beside the code, in a real VS Code (code-server + chromium): after training the XOR
// example, its `fit` line carries a loss sparkline and the final metrics, a CodeLens with the
// last run, and a hover with the full chart; all of it follows edits, and comes back when the
// file is reopened.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { findInPalette, openFile, resultsDir, runFromPalette, startVsCode, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const TRAIN_TIMEOUT_MS = 180_000;
const FIT_TEXT = 'await model.fit(';
const DARK_TRAINING = '#4fa8f0';
const LIGHT_TRAINING = '#1a73c8';

interface LineDecorations {
  /** The decorated line's text. */
  text: string;
  /** The SVG of each image after the line. */
  images: string[];
  /** The text after the line. */
  after: string[];
}

// Browser code, as strings: the tests' tsconfig has no DOM types.
const READ_DECORATIONS = `(() => {
  const out = [];
  for (const line of document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')) {
    const contents = [];
    for (const span of line.querySelectorAll('span')) {
      const content = getComputedStyle(span, '::after').content;
      if (content && content !== 'none' && content !== 'normal') contents.push(content);
    }
    if (contents.length) out.push({ text: line.innerText, contents });
  }
  return out;
})()`;

// Decorations change the classes of the editor's spans: resolves on the next change of the
// editor's DOM (or after a second at most, for a redraw that only swapped a style sheet).
const NEXT_EDITOR_CHANGE = `new Promise((resolve) => {
  const editor = document.querySelector('.editor-instance') || document.body;
  const done = () => { observer.disconnect(); clearTimeout(cap); resolve(); };
  const observer = new MutationObserver(done);
  const cap = setTimeout(done, 1000);
  observer.observe(editor, { subtree: true, childList: true, attributes: true, characterData: true });
})`;

/**
 * The decorations after the ends of the editor's lines. VS Code draws them as `::after` content
 * of empty spans in the view line; the image is a `url(data:…)`, the text a quoted string.
 */
async function decoratedLines(page: Page): Promise<LineDecorations[]> {
  const raw = await page.evaluate<{ text: string; contents: string[] }[]>(READ_DECORATIONS);
  return raw.map(({ text, contents }) => ({
    text,
    images: contents
      .map((c) => /url\("?data:image\/svg\+xml;base64,([^")]+)"?\)/.exec(c)?.[1])
      .filter((b): b is string => b !== undefined)
      .map((b) => Buffer.from(b, 'base64').toString('utf8')),
    after: contents.filter((c) => c.startsWith('"')).map((c) => JSON.parse(c) as string),
  }));
}

/** Waits until the decorations satisfy `ok`; they are redrawn on the editor's own schedule. */
async function waitForDecorations(page: Page, ok: (lines: LineDecorations[]) => boolean, what: string, timeoutMs: number): Promise<LineDecorations[]> {
  const deadline = Date.now() + timeoutMs;
  let last: LineDecorations[] = [];
  for (;;) {
    last = await decoratedLines(page);
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s; decorated lines: ${JSON.stringify(last, null, 1).slice(0, 2000)}`);
    await page.evaluate(NEXT_EDITOR_CHANGE);
  }
}

const sparkAtFit = (lines: LineDecorations[]) => lines.find((l) => l.text.includes(FIT_TEXT) && l.images.length === 1);
const finished = (lines: LineDecorations[]) => {
  const fit = sparkAtFit(lines);
  return fit !== undefined && fit.after.some((t) => /^loss [\d.e-]+ · acc \d+\.\d %$/.test(t));
};

describe('Inline loss charts in VS Code', { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;

  before(async () => {
    vs = await startVsCode({ folder: join(root, 'examples') });
  });
  after(async () => {
    await vs?.dispose();
  });

  it('draws a live sparkline at the fit line of the XOR example, and keeps it with the final metrics', async () => {
    const { page } = vs;
    await openFile(page, 'xor-mlp.ts');
    await runFromPalette(page, 'DeepDrill: Train Current Model');
    // The editor may have lost focus to the metrics panel; the file's editor is still visible.
    const lines = await waitForDecorations(page, finished, 'the final metrics after the fit line', TRAIN_TIMEOUT_MS);
    const fit = sparkAtFit(lines)!;
    assert.equal(lines.filter((l) => l.images.length > 0).length, 1, 'one sparkline: the example fits once');
    assert.match(fit.images[0], /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
    assert.ok(fit.images[0].includes(DARK_TRAINING), 'the dark theme gets the dark colours');
    assert.match(fit.images[0], /<path d="M[^"]+L/, 'the loss is drawn as a line');
    await page.locator('.view-line', { hasText: FIT_TEXT }).screenshot({ path: join(resultsDir(), 'e2e-inline-sparkline-dark.png') });
  });

  it('shows the last run in a CodeLens above the fit line, with Train', async () => {
    const { page } = vs;
    const lens = page.locator('.codelens-decoration', { hasText: /loss [\d.e-]+ · acc \d+\.\d % · (just now|\d+ min ago)/ });
    await lens.waitFor();
    await assert.doesNotReject(page.locator('.codelens-decoration', { hasText: '▶ Train' }).waitFor());
  });

  it('shows the full chart, final metrics and links on hover', async () => {
    const { page } = vs;
    await page.locator('.view-line', { hasText: FIT_TEXT }).locator('span', { hasText: /^fit$/ }).last().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'DeepDrill' });
    await hover.waitFor();
    const img = hover.locator('img[src^="data:image/svg+xml"]');
    await img.waitFor();
    const size = {
      w: Number(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)),
      h: Number(await img.evaluate((el) => (el as unknown as { naturalHeight: number }).naturalHeight)),
      src: (await img.getAttribute('src'))?.length ?? 0,
    };
    assert.ok(size.w > 200 && size.h > 60, `the chart image loaded (${size.w}×${size.h})`);
    assert.ok(size.src < 20_000, `the chart is small (${size.src} characters)`);
    const text = await hover.innerText();
    assert.match(text, /Open metrics panel/);
    assert.match(text, /Train again/);
    assert.match(text, /Finished · \d+:\d\d · (wasm|cpu|tensorflow)/);
    assert.match(text, /acc/);
    await page.screenshot({ path: join(resultsDir(), 'e2e-inline-hover-dark.png') });
    await page.keyboard.press('Escape');
  });

  it('follows the fit line when lines are added above it, and drops it when it is deleted', async () => {
    const { page } = vs;
    await page.locator('.view-line', { hasText: '// The XOR problem' }).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await waitForDecorations(page, (lines) => finished(lines) && lines.filter((l) => l.images.length > 0).length === 1, 'the sparkline still at the fit line', 30_000);

    await page.locator('.view-line', { hasText: FIT_TEXT }).click();
    await page.keyboard.press('Control+Shift+K');
    await waitForDecorations(page, (lines) => lines.every((l) => l.images.length === 0), 'no sparkline once the fit line is deleted', 30_000);
    // Undo brings the line back, and its chart with it.
    await page.keyboard.press('Control+Z');
    await waitForDecorations(page, finished, 'the sparkline back after Undo', 30_000);
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');
    await page.locator('.tabs-container .tab.active:not(.dirty)').waitFor();
  });

  it('restores the chart and CodeLens when the file is closed and opened again, in a light theme', async () => {
    const { page } = vs;
    await runFromPalette(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    // The theme picker is a second quick pick: the palette stays open until a theme is chosen.
    await findInPalette(page, 'Preferences: Color Theme', 'Preferences: Color Theme');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light Modern' }).first().waitFor();
    await page.keyboard.type('Light Modern');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench.vs').waitFor();

    await openFile(page, 'xor-mlp.ts');
    const lines = await waitForDecorations(page, finished, 'the sparkline after reopening', 60_000);
    assert.ok(sparkAtFit(lines)!.images[0].includes(LIGHT_TRAINING), 'the light theme gets the light colours');
    await page.locator('.codelens-decoration', { hasText: /loss [\d.e-]+ · acc/ }).waitFor();
    await page.locator('.view-line', { hasText: FIT_TEXT }).screenshot({ path: join(resultsDir(), 'e2e-inline-sparkline-light.png') });
    await page.locator('.view-line', { hasText: FIT_TEXT }).locator('span', { hasText: /^fit$/ }).last().hover();
    await page.locator('.monaco-hover', { hasText: 'DeepDrill' }).locator('img').waitFor();
    await page.screenshot({ path: join(resultsDir(), 'e2e-inline-hover-light.png') });
  });
});
