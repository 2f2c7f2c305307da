// Files written the way people write TensorFlow.js — from its tutorials, the getting-started
// page, Node scripts — not the way DeepDrill's examples are. Each must train through the real
// command line as it is, or fail with a message that says what to change. Tiny data and one or
// two epochs: these pin down shapes of code, not learning.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalLine, fixture, ofType, runCli, type CliResult, type JsonLine } from './cliRun';

const dir = fixture('newUser');

function train(file: string, ...extra: string[]): Promise<CliResult> {
  return runCli(['train', `${dir}/${file}`, '--json', ...extra], dir);
}

function logTexts(r: CliResult): string[] {
  return ofType(r.lines, 'log').map((l) => String(l.text));
}

/** The run ended with `end` and exit code 0, having streamed `fits` fits. */
function assertTrained(r: CliResult, fits: number): JsonLine {
  assert.equal(r.code, 0, `${r.stderr}\n${r.stdout.slice(-2000)}`);
  const end = finalLine(r);
  assert.equal(end.type, 'end', JSON.stringify(end));
  assert.equal(ofType(r.lines, 'fitStart').length, fits, 'every fit is observed');
  assert.equal(ofType(r.lines, 'fitEnd').length, fits);
  return end;
}

async function trainError(file: string, ...extra: string[]): Promise<JsonLine> {
  const r = await train(file, ...extra);
  assert.equal(r.code, 1, r.stderr);
  const last = finalLine(r);
  assert.equal(last.type, 'error', JSON.stringify(last));
  return last;
}

describe('deepdrill train: scripts written by someone else, in the shapes of plain scripts', () => {
  it('the getting-started page: require, compile with sgd, model.fit(…).then(() => predict(…).print())', async () => {
    // The same file the e2e suite trains from the palette (test/fixtures/e2e/newUser).
    const r = await train('../../e2e/newUser/gettingStarted.js');
    assertTrained(r, 1);
    assert.equal(ofType(r.lines, 'epoch').length, 250, 'its 250 epochs, each streamed');
    assert.equal(ofType(r.lines, 'fitStart')[0].line, 16);
    assert.ok(logTexts(r).some((t) => t.startsWith('Tensor')), `the prediction printed after fit: ${logTexts(r)}`);
  });

  it('an .mjs module with top-level await keeps its own onEpochEnd callback and reads the History', async () => {
    const r = await train('esm.mjs', '--epochs', '1');
    assertTrained(r, 1);
    const logs = logTexts(r);
    assert.ok(logs.includes('Epoch 0: loss = ' + (ofType(r.lines, 'epoch')[0].logs as { loss: number }).loss.toFixed(4)), logs.join('\n'));
    assert.ok(logs.some((t) => t.startsWith('final loss')), 'the code after fit ran');
  });

  it('tf.data.generator + fitDataset inside async function run(); run();', async () => {
    const r = await train('generator.ts', '--epochs', '2');
    assertTrained(r, 1);
    assert.deepEqual(ofType(r.lines, 'epoch').map((e) => e.epoch), [1, 2]);
    assert.ok(logTexts(r).some((t) => t.startsWith('Final loss:')));
  });

  it('run().catch(console.error) with validationSplit and evaluate after fit', async () => {
    const r = await train('runCatch.ts', '--epochs', '1');
    const end = assertTrained(r, 1);
    assert.ok('val_loss' in (end.logs as object), 'validation metrics beside training');
    assert.ok(logTexts(r).some((t) => t.startsWith('loss ')), 'the evaluate after fit ran');
  });

  it('main().then(…) in CommonJS with tf.oneHot labels and an sgd optimizer', async () => {
    const r = await train('mainThen.js', '--epochs', '1');
    assertTrained(r, 1);
    assert.ok(logTexts(r).includes('done training 26 params'));
  });

  it('an async IIFE that prints model.summary() and calls fit twice in a loop', async () => {
    const r = await train('iife.ts', '--epochs', '1');
    assertTrained(r, 2);
    assert.ok(logTexts(r).some((t) => t.startsWith('Total params: 451')), 'model.summary() reaches the log');
  });

  it("require('@tensorflow/tfjs-node') with tf.tensor2d of plain arrays trains on the runtime's tfjs", async () => {
    const r = await train('tfnode.js', '--epochs', '1');
    assertTrained(r, 1);
    assert.ok(logTexts(r).some((t) => t.startsWith('prediction ')));
  });

  it('tf.callbacks.earlyStopping passed as the callbacks keeps working beside DeepDrill’s own', async () => {
    const r = await train('earlyStop.ts', '--epochs', '2');
    const end = assertTrained(r, 1);
    assert.ok((end.logs as { val_loss: number }).val_loss >= 0);
  });

  it('a functional tf.model with two inputs, fitted on [x1, x2]', async () => {
    const r = await train('twoInputs.ts', '--epochs', '1');
    assertTrained(r, 1);
    assert.equal(ofType(r.lines, 'fitStart')[0].samples, 96, 'samples counted from the first input, less the validation split');
  });

  it("mnist({ trainSize, testSize }) from 'deepdrill' with validationData", async () => {
    const r = await train('mnistSubset.ts', '--epochs', '1');
    const end = assertTrained(r, 1);
    assert.equal(ofType(r.lines, 'fitStart')[0].samples, 2000);
    assert.ok((end.logs as { val_acc: number }).val_acc > 0.3, 'it learns something from 2 000 images');
  });

  it("csv('flowers.csv') reads the file relative to the folder the command runs in", async () => {
    const r = await train('csvScript.ts', '--epochs', '1');
    assertTrained(r, 1);
    assert.ok(logTexts(r).includes("classes [ 'a', 'b' ]"), logTexts(r).join('\n'));
  });

  it("tf.data.csv('file://…') of tfjs itself reads a local file", async () => {
    const r = await train('tfDataCsv.js', '--epochs', '1');
    assertTrained(r, 1);
  });

  it("model.save('file://…') and tf.loadLayersModel('file://…/model.json') work without tfjs-node", async () => {
    const r = await train('saveModel.js', '--epochs', '1');
    assertTrained(r, 1);
    const logs = logTexts(r);
    assert.ok(logs.includes('saved model.json weights.bin'), logs.join('\n'));
    assert.ok(logs.includes('loaded model predicts the same: true'), logs.join('\n'));
  });

  it('a hand-written loop of model.trainOnBatch ends as a finished run that says why nothing is charted', async () => {
    const r = await train('trainOnBatch.ts');
    const end = assertTrained(r, 0);
    assert.ok(typeof (end.logs as { loss?: number }).loss === 'number', 'the last loss is the result');
    assert.ok(logTexts(r).some((t) => /20 model\.trainOnBatch\(\) calls \(first at line 7\).*does not chart/.test(t)), logTexts(r).join('\n'));
  });

  it('the curve-fitting tutorial (tf.variable + optimizer.minimize) runs to its end as a finished run', async () => {
    const r = await train('minimize.js');
    assertTrained(r, 0);
    const logs = logTexts(r);
    assert.ok(logs.some((t) => t.startsWith('a ')), 'its own output after the loop');
    assert.ok(logs.some((t) => /100 optimizer\.minimize\(\) steps \(first at line 11\)/.test(t)), logs.join('\n'));
  });
});

describe('deepdrill train: modules written by someone else that export their model', () => {
  it('export function getModel() (the tutorials’ name), compiled here, trained on the Iris it fits', async () => {
    const r = await train('getModel.ts', '--epochs', '1');
    assertTrained(r, 1);
    assert.equal(ofType(r.lines, 'fitStart')[0].line, 3);
  });

  it('export default function () returning an uncompiled regression model', async () => {
    const r = await train('defaultExport.js', '--epochs', '1');
    assertTrained(r, 1);
  });

  it('export const model = tf.sequential() built at import time', async () => {
    const r = await train('constModel.ts', '--epochs', '1');
    assertTrained(r, 1);
  });

  it('async createModel with its own compile, data = () => moons(…) and fitOptions', async () => {
    const r = await train('factoryFull.ts');
    assertTrained(r, 1);
    assert.equal(ofType(r.lines, 'epoch').length, 3, 'fitOptions.epochs');
    assert.equal(ofType(r.lines, 'fitStart')[0].batchSize, 32);
  });

  it('exports.createModel = … in CommonJS, with the fit charted at its line', async () => {
    const r = await train('exportsModel.js', '--epochs', '1');
    assertTrained(r, 1);
    assert.equal(ofType(r.lines, 'fitStart')[0].line, 2);
  });

  it('a factory under another name: the error names what was looked for and what the file exports', async () => {
    const error = await trainError('makeModel.ts');
    assert.equal(error.kind, 'no-model');
    for (const name of ['createModel', 'buildModel', 'getModel', 'default', 'makeModel()']) {
      assert.ok(String(error.message).includes(name), `mentions ${name}: ${error.message}`);
    }
    assert.match(String(error.hint), /export \{ makeModel as createModel \}/);
    assert.equal(error.line, 3, 'Show Line goes to the function');
  });
});

describe('deepdrill train: what goes wrong in someone else’s script says what to do', () => {
  it('a model compiled but never fitted: the compile line, and how to train it', async () => {
    const error = await trainError('noFit.ts');
    assert.equal(error.kind, 'no-model');
    assert.equal(error.line, 5);
    assert.match(String(error.message), /compiled at line 5 is never trained/);
    assert.match(String(error.hint), /await model\.fit\(/);
  });

  it('async function run() defined but never called: its line, and the call to add', async () => {
    const error = await trainError('runNeverCalled.ts');
    assert.equal(error.kind, 'no-model');
    assert.equal(error.line, 7);
    assert.match(String(error.message), /^run\(\) is defined at line 7 but never called/);
    assert.match(String(error.hint), /`run\(\);`/);
  });

  it('a misspelt method (model.train): its line and column, and a hint', async () => {
    const error = await trainError('typeErr.ts');
    assert.equal(error.message, 'model.train is not a function');
    assert.equal(error.line, 8);
    assert.match(String(error.hint), /misspelt method/);
  });

  it('int32 labels for sparseCategoricalCrossentropy: tfjs’s message at the fit, and how to cast', async () => {
    const error = await trainError('intLabels.ts', '--epochs', '1');
    assert.match(String(error.message), /must be float32 tensor, but got int32/);
    assert.equal(error.line, 8);
    assert.match(String(error.hint), /cast\('float32'\)/);
  });

  it("browser code's tf.setBackend('webgl'): says which backends exist here and what to do", async () => {
    const error = await trainError('webglBackend.ts');
    assert.equal(error.line, 2);
    assert.match(String(error.message), /Backend name 'webgl' not found/);
    assert.match(String(error.hint), /Remove the tf\.setBackend call/);
  });

  it('a layer too big to allocate is reported as out of memory with what to shrink', async () => {
    const error = await trainError('tensorOom.ts');
    assert.equal(error.kind, 'oom');
    assert.equal(error.line, 4);
    assert.match(String(error.hint), /fewer or smaller layers/);
  });
});
