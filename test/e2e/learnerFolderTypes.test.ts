// A learner's own folder in a real VS Code (code-server + chromium): no node_modules, no
// tsconfig, just a model file. DeepDrill's TS server plugin must make `@tensorflow/tfjs`,
// `@tensorflow/tfjs-node` and `deepdrill` resolve to real types, so the Problems panel shows no
// "Cannot find module" and the editor completes tfjs's API.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openFile, resultsDir, startVsCode, UI_TIMEOUT_MS, type VsCode } from './vsCode';

// The TS server loads tfjs's declarations (some thousand files) before the first answer.
const TS_SERVER_TIMEOUT_MS = 180_000;

// One deliberate type error: when the Problems panel shows it, the TS server has checked the
// file with tfjs's real types (without them `tf.layers` would be `any` and nothing would show).
const MODEL_TS = `import * as tf from '@tensorflow/tfjs';
import * as tfn from '@tensorflow/tfjs-node';
import { mnist } from 'deepdrill';

const { xTrain, yTrain } = await mnist({ trainSize: 1000, flatten: true });
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [784], units: 64, activation: 'relu' }));
model.add(tfn.layers.dense({ units: '10', activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
await model.fit(xTrain, yTrain, { epochs: 3 });
`;

const MODEL_JS = `import * as tf from '@tensorflow/tfjs';
import { xor } from 'deepdrill';

const data = await xor();
`;

describe("a learner's own folder gets DeepDrill's types", { timeout: 10 * 60_000 }, () => {
  let vs: VsCode;
  let folder: string;

  before(async () => {
    const cs = await import('../../scripts/codeServer.mjs');
    folder = cs.tempDir('deepdrill-learner-');
    writeFileSync(join(folder, 'model.ts'), MODEL_TS);
    writeFileSync(join(folder, 'model.js'), MODEL_JS);
    vs = await startVsCode({ folder });
  });
  after(async () => {
    await vs?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('shows no "Cannot find module" for tfjs, tfjs-node and deepdrill, and real type errors', async () => {
    const { page } = vs;
    await openFile(page, 'model.ts');
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.waitFor();
    const rows = problems.locator('.monaco-list-row');
    const notFound = rows.filter({ hasText: 'Cannot find module' });
    const typeError = rows.filter({ hasText: "Type 'string' is not assignable to type 'number'" });
    // Both kinds come in the same answer of the TS server, so the first to show means it answered.
    await notFound.or(typeError).first().waitFor({ timeout: TS_SERVER_TIMEOUT_MS });

    await page.screenshot({ path: join(resultsDir(), 'e2e-learner-folder-types.png') });
    const shown = await rows.allInnerTexts();
    assert.equal(await notFound.count(), 0, `the Problems panel shows:\n${shown.join('\n')}`);
    assert.equal(await typeError.count(), 1, `the Problems panel shows:\n${shown.join('\n')}`);
    // …on the line of the bad call, and it is the only squiggle in the file.
    assert.match((await typeError.first().innerText()).replace(/\s+/g, ' '), /\[Ln 8, Col \d+\]/);
    await page.locator('.editor-instance .squiggly-error').first().waitFor();
    assert.equal(await page.locator('.editor-instance .squiggly-error').count(), 1);
  });

  it("completes tfjs's API in a .js file", async () => {
    const { page } = vs;
    await openFile(page, 'model.js');
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('const model = tf.seq');
    // If the suggestions were not triggered by the typing (e.g. typed before the server was ready), ask for them.
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'sequential' }).first();
    await suggestion.waitFor({ timeout: UI_TIMEOUT_MS }).catch(async () => {
      await page.keyboard.press('Control+Space');
      await suggestion.waitFor({ timeout: TS_SERVER_TIMEOUT_MS });
    });
    await page.screenshot({ path: join(resultsDir(), 'e2e-learner-folder-completions.png') });
    await page.keyboard.press('Escape');
  });
});
