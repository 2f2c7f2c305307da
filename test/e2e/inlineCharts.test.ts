// The run beside the code, in a real VS Code (code-server + chromium): after training the XOR
// example (and, last, the seed CNN on all of MNIST), its `fit` line carries a loss sparkline and the final metrics, a CodeLens with the
// last run, and a hover with the full chart; all of it follows edits, and comes back when the
// file is reopened.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { hoverSettled, openFile, resultsDir, runFromPalette, setColorTheme, startVsCode, type VsCode } from './vsCode';

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

// How many style rules hold a sparkline image: each redraw makes new ones, which must replace the old.
const COUNT_IMAGE_RULES = `(() => {
  let n = 0;
  for (const sheet of document.styleSheets) {
    let rules;
    try { rules = sheet.cssRules; } catch { continue; }
    for (const rule of rules) if (rule.cssText.includes('data:image/svg+xml;base64')) n++;
  }
  return n;
})()`;

/**
 * The decorations after the ends of the editor's lines. VS Code draws them as `::after` content
 * of empty spans in the view line; the image is a `url(data:…)`, the text a quoted string.
 */
async function decoratedLines(page: Page): Promise<LineDecorations[]> {
  const raw = await page.evaluate<{ text: string; contents: string[] }[]>(READ_DECORATIONS);
  return raw.map(({ text, contents }) => ({
    // The editor draws spaces as no-break spaces.
    text: text.replace(/\u00a0/g, ' '),
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

/** A picture of the fit line with the CodeLens above it (the editor redraws lines, so by position). */
async function screenshotFitLine(page: Page, name: string): Promise<void> {
  const line = page.locator('.view-line', { hasText: FIT_TEXT });
  // The editor may redraw the line between finding it and measuring it: measure the new one.
  let box = await line.boundingBox().catch(() => null);
  for (let attempt = 0; !box && attempt < 5; attempt++) {
    await line.waitFor();
    box = await line.boundingBox().catch(() => null);
  }
  assert.ok(box, 'the fit line is on screen');
  await page.screenshot({ path: join(resultsDir(), name), clip: { x: Math.max(0, box.x - 60), y: box.y - 24, width: 1000, height: box.height + 30 } });
}

const sparkAtFit = (lines: LineDecorations[]) => lines.find((l) => l.text.includes(FIT_TEXT) && l.images.length === 1);
const finished = (lines: LineDecorations[]) => {
  const fit = sparkAtFit(lines);
  return fit !== undefined && fit.after.some((t) => /^loss [\d.e-]+ · acc \d+\.\d %$/.test(t));
};

/** The CodeLens of the last run, above the fit line. */
function fitLens(page: Page) {
  return page.locator('.codelens-decoration', { hasText: /loss [\d.e-]+ · (val_)?acc \d+\.\d % · (just now|\d+ min ago)/ });
}


describe('Inline loss charts in VS Code', { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;

  let folder: string;

  // A copy of the examples: the test edits and saves the file.
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'deepdrill-inline-'));
    // As a learner's folder: the examples' tsconfig points into this repository, so it stays behind.
    cpSync(join(root, 'examples'), folder, { recursive: true, filter: (src) => !src.endsWith('tsconfig.json') });
    vs = await startVsCode({ folder });
  });
  after(async () => {
    await vs?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
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
    // Dozens of redraws while it trained; the editor keeps only the styles of what it shows.
    const imageRules = await page.evaluate<number>(COUNT_IMAGE_RULES);
    assert.ok(imageRules >= 1 && imageRules <= 4, `style rules with a sparkline image: ${imageRules}`);
  });

  it('shows the last run in a CodeLens above the fit line, with Train', async () => {
    const { page } = vs;
    const lens = fitLens(page);
    await lens.waitFor();
    await assert.doesNotReject(lens.locator('a', { hasText: '▶ Train' }).waitFor());
  });

  it('trains again from the CodeLens, and shows the full chart with the run before dashed on hover', async () => {
    const { page } = vs;
    const firstImage = sparkAtFit(await decoratedLines(page))!.images[0];
    // (The language server has its own ▶ Train above the model; this is the one at the fit.)
    await fitLens(page).locator('a', { hasText: '▶ Train' }).click();
    // A new run draws a new line: wait for it to end with its own final metrics.
    await waitForDecorations(page, (lines) => finished(lines) && sparkAtFit(lines)!.images[0] !== firstImage, 'the second run at the fit line', TRAIN_TIMEOUT_MS);
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
    assert.match(text, /dashed: the run before/);
    assert.match(text, /Last epoch: loss [\d.e-]+ · acc/);
    assert.match(text, /Run before: loss [\d.e-]+ · acc/);
    assert.match(text, /acc/);
    await hoverSettled(page);
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
    // Saved with its two new lines, so that the lines on disk differ from the trained ones.
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active[aria-label^="xor-mlp.ts"]:not(.dirty)').waitFor();
  });

  it('restores the chart and CodeLens when the file is closed and opened again, and redraws them for a light theme', async () => {
    const { page } = vs;
    await runFromPalette(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    await openFile(page, 'xor-mlp.ts');
    const lines = await waitForDecorations(page, finished, 'the sparkline after reopening', 60_000);
    assert.ok(sparkAtFit(lines)!.images[0].includes(DARK_TRAINING));
    await page.locator('.codelens-decoration', { hasText: /loss [\d.e-]+ · acc/ }).waitFor();
    await screenshotFitLine(page, 'e2e-inline-sparkline-dark.png');

    await setColorTheme(page, 'Light Modern');
    await waitForDecorations(page, (l) => finished(l) && sparkAtFit(l)!.images[0].includes(LIGHT_TRAINING), 'the light sparkline', 30_000);
    await screenshotFitLine(page, 'e2e-inline-sparkline-light.png');
    await page.locator('.view-line', { hasText: FIT_TEXT }).locator('span', { hasText: /^fit$/ }).last().hover();
    await page.locator('.monaco-hover', { hasText: 'DeepDrill' }).locator('img').waitFor();
    await hoverSettled(page);
    await page.screenshot({ path: join(resultsDir(), 'e2e-inline-hover-light.png') });
  });

  it('turning inline charts off in the settings removes the sparkline and the CodeLens; turning them on brings them back', async () => {
    const { page } = vs;
    // A workspace setting, as the Settings editor writes it: VS Code picks up the file's change.
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'deepdrill.inlineCharts.enabled': false }));
    await waitForDecorations(page, (lines) => lines.every((l) => l.images.length === 0), 'no sparkline with inline charts off', 60_000);
    await page.locator('.codelens-decoration', { hasText: /loss [\d.e-]+ · acc/ }).waitFor({ state: 'detached' });
    await screenshotFitLine(page, 'e2e-inline-charts-off.png');
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'deepdrill.inlineCharts.enabled': true }));
    await waitForDecorations(page, finished, 'the sparkline back with inline charts on', 60_000);
  });

  it('trains the seed CNN example on all of MNIST from the palette: a live sparkline that stays, a hover and a CodeLens, also after reopening', async () => {
    const { page } = vs;
    await setColorTheme(page, 'Dark Modern');
    await runFromPalette(page, 'View: Close All Editors');
    await openFile(page, 'mnist-cnn.ts');
    await runFromPalette(page, 'DeepDrill: Train Current Model');
    // While it trains: the epoch and the latest loss beside a sparkline that is redrawn as batches come.
    const streaming = (lines: LineDecorations[]) => sparkAtFit(lines)?.after.some((t) => /^epoch 1\/1 · loss [\d.e-]+$/.test(t)) === true;
    const firstLive = sparkAtFit(await waitForDecorations(page, streaming, 'the live sparkline while the CNN trains', TRAIN_TIMEOUT_MS))!.images[0];
    await waitForDecorations(page, (lines) => streaming(lines) && sparkAtFit(lines)!.images[0] !== firstLive, 'the live sparkline redrawn', TRAIN_TIMEOUT_MS);
    await screenshotFitLine(page, 'e2e-inline-cnn-live-dark.png');

    // With validation data the headline metric is the validation accuracy.
    const cnnFinished = (l: LineDecorations[]) => sparkAtFit(l)?.after.some((t) => /^loss [\d.e-]+ · val_acc \d+\.\d %$/.test(t)) === true;
    const lines = await waitForDecorations(page, cnnFinished, 'the final metrics of the CNN', 2 * TRAIN_TIMEOUT_MS);
    const acc = /val_acc (\d+\.\d) %/.exec(sparkAtFit(lines)!.after.join(' '));
    assert.ok(acc && Number(acc[1]) >= 90, `the CNN learned: ${sparkAtFit(lines)!.after.join(' ')}`);
    await fitLens(page).waitFor();

    await runFromPalette(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    await openFile(page, 'mnist-cnn.ts');
    await waitForDecorations(page, cnnFinished, 'the CNN sparkline after reopening', 60_000);
    await fitLens(page).waitFor();
    await screenshotFitLine(page, 'e2e-inline-cnn-dark.png');
    await page.locator('.view-line', { hasText: FIT_TEXT }).locator('span', { hasText: /^fit$/ }).last().hover();
    const hover = page.locator('.monaco-hover', { hasText: 'DeepDrill' });
    await hover.locator('img[src^="data:image/svg+xml"]').waitFor();
    assert.match(await hover.innerText(), /Last epoch: loss [\d.e-]+ · acc [\d.]+ % · val_loss [\d.e-]+ · val_acc \d+\.\d\d %/);
    await hoverSettled(page);
    await page.screenshot({ path: join(resultsDir(), 'e2e-inline-cnn-hover-dark.png') });
    await page.keyboard.press('Escape');
  });
});
