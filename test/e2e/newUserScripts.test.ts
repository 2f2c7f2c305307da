// Files written the way TensorFlow.js users write them, not the way the examples are: the
// "getting started" script in plain JavaScript with `require` and `.then`, a TypeScript
// `run().catch(console.error)` with a generator dataset and fitDataset, and a module that only
// exports `getModel()`. Each trains from the palette and the metrics panel draws its charts; a
// hand-written trainOnBatch loop finishes with a word on why nothing is charted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { openFile, resultsDir, runFromPalette, startVsCode, webviewFrame, type VsCode } from './vsCode';

const folder = join(__dirname, '..', 'fixtures', 'e2e', 'newUser');
const TRAIN_TIMEOUT_MS = 180_000;

/** Trains `file` from the palette and waits until the panel about it says the run finished. */
async function trainFromPalette(page: Page, file: string): Promise<FrameLocator> {
  await openFile(page, file);
  await runFromPalette(page, 'DeepDrill: Train Current Model');
  await webviewFrame(page, '#epochs');
  const panel = page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
  await panel.locator('#file-name', { hasText: file }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  await panel.locator('#status', { hasText: /finished/i }).waitFor({ timeout: TRAIN_TIMEOUT_MS });
  return panel;
}

/** Rows of the epoch table, and the charts the panel drew (uPlot draws each on a canvas). */
async function drawn(panel: FrameLocator): Promise<{ rows: number; charts: number }> {
  return {
    rows: await panel.locator('#epochs tbody tr').count(),
    charts: await panel.locator('#batch-chart canvas, #epoch-charts canvas').count(),
  };
}

describe('Scripts in the shapes people write train from the palette', { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;

  before(async () => {
    vs = await startVsCode({ folder });
  });
  after(async () => {
    await vs?.dispose();
  });

  it('the getting-started script (require, model.fit(…).then) trains 250 epochs with its charts', async () => {
    const panel = await trainFromPalette(vs.page, 'gettingStarted.js');
    const { rows, charts } = await drawn(panel);
    assert.equal(rows, 250, 'one row per epoch of its fit');
    assert.ok(charts >= 2, `the batch loss and the epoch loss are charted (${charts} canvases)`);
    await vs.page.screenshot({ path: join(resultsDir(), 'e2e-new-user-getting-started.png') });
  });

  it('a TypeScript run().catch(console.error) with tf.data.generator and fitDataset trains with its charts', async () => {
    const panel = await trainFromPalette(vs.page, 'classifyRun.ts');
    const { rows, charts } = await drawn(panel);
    assert.equal(rows, 6);
    assert.ok(charts >= 2, `charts drawn (${charts})`);
    await vs.page.locator('iframe.webview').last().screenshot({ path: join(resultsDir(), 'e2e-new-user-fit-dataset.png') });
  });

  it('a module exporting only getModel() is compiled, given Iris, and trained with validation', async () => {
    const panel = await trainFromPalette(vs.page, 'getModel.ts');
    const { rows, charts } = await drawn(panel);
    assert.equal(rows, 6);
    assert.ok(charts >= 2, `charts drawn (${charts})`);
    // Iris's test split validates each epoch, so the table has validation beside training.
    const header = await panel.locator('#epochs thead').innerText();
    assert.match(header, /val/i, `validation columns: ${header}`);
    await vs.page.locator('iframe.webview').last().screenshot({ path: join(resultsDir(), 'e2e-new-user-factory.png') });
  });

  it('a hand-written trainOnBatch loop finishes, and the panel says why it has no charts', async () => {
    const panel = await trainFromPalette(vs.page, 'handLoop.ts');
    const note = panel.locator('#no-fit');
    await note.waitFor();
    assert.match(await note.innerText(), /without calling model\.fit\(\) or model\.fitDataset\(\)/);
  });
});
