import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalLine, ofType, runCli, fixture, trainJson, type JsonLine } from './cliRun';

function logsOf(line: JsonLine): Record<string, number> {
  return line.logs as Record<string, number>;
}

describe('deepdrill train: scripts and modules train', () => {
  it('trains an XOR MLP script with top-level await to a loss below 0.05', async () => {
    const r = await trainJson('xorScript.ts');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines[0].type, 'backend');
    const [start] = ofType(r.lines, 'fitStart');
    assert.equal(start.line, 13, 'fitStart points at the fit call in the user file');
    assert.equal(start.epochs, 150);
    const epochs = ofType(r.lines, 'epoch');
    assert.equal(epochs.length, 150);
    assert.deepEqual(epochs.slice(0, 2).map((e) => e.epoch), [1, 2]);
    assert.deepEqual(ofType(r.lines, 'log').map((l) => l.text), ['training XOR', 'done']);
    const end = finalLine(r);
    assert.equal(end.type, 'end');
    assert.ok(logsOf(end).loss < 0.05, `final loss ${logsOf(end).loss}`);
    assert.ok(['wasm', 'tensorflow', 'cpu'].includes(end.backend as string));
  });

  it('ends when training is over even if the script left a setInterval running, and says which', { timeout: 60_000 }, async () => {
    const r = await trainJson('intervalLeftRunning.ts');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(finalLine(r).type, 'end');
    const warning = ofType(r.lines, 'log').find((l) => l.level === 'warn');
    assert.match(String(warning?.text), /setInterval at line 6 was still running/);
  });

  for (const [how, file] of [['console.log', 'printLoop.ts'], ['process.stdout.write', 'stdoutLoop.ts']]) {
    it(`a print loop (${how}) does not flood the output: the first lines, then how many were not shown`, async () => {
      const r = await trainJson(file);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(finalLine(r).type, 'end');
      const logs = ofType(r.lines, 'log').map((l) => String(l.text));
      assert.equal(logs[0], 'line 0');
      assert.ok(logs.length < 1000, `${logs.length} log lines reached the owner`);
      const dropped = logs.filter((t) => /more lines of output not shown/.test(t)).map((t) => Number(/… ([\d,]+)/.exec(t)![1].replace(/,/g, '')));
      assert.ok(dropped.length > 0, 'the learner is told lines were left out');
      // Every line is either shown or counted.
      assert.equal(logs.filter((t) => t.startsWith('line ')).length + dropped.reduce((a, b) => a + b, 0), 50_000);
    });
  }

  it('--epochs replaces the epochs of the fit call', async () => {
    const r = await trainJson('xorScript.ts', '--epochs', '2');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(ofType(r.lines, 'fitStart')[0].epochs, 2);
    assert.deepEqual(ofType(r.lines, 'epoch').map((e) => e.epoch), [1, 2]);
  });

  it('trains a JavaScript script whose fit runs inside an un-awaited async run(), keeping its own callbacks', async () => {
    const r = await trainJson('asyncRun.js', '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(ofType(r.lines, 'fitStart')[0].line, 16);
    assert.deepEqual(ofType(r.lines, 'epoch').map((e) => e.epoch), [1, 2, 3]);
    assert.deepEqual(
      ofType(r.lines, 'log').map((l) => l.text),
      ['user callback saw epoch 0', 'user callback saw epoch 1', 'user callback saw epoch 2'],
    );
    assert.equal(finalLine(r).type, 'end');
  });

  it('streams every fit of a file that fits three times, without leaking tensors between fits', async () => {
    const r = await trainJson('threeFits.ts', '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(ofType(r.lines, 'fitStart').map((f) => [f.fit, f.line]), [[0, 13], [1, 14], [2, 15]]);
    assert.deepEqual(ofType(r.lines, 'epoch').map((e) => [e.fit, e.epoch]), [[0, 1], [0, 2], [1, 1], [1, 2], [2, 1], [2, 2]]);
    // The user's own callbacks (an array with a callback object) still ran: 2 epochs × 4 batches.
    assert.ok(ofType(r.lines, 'log').some((l) => l.text === 'user batches 8'));
    const tensors = ofType(r.lines, 'fitEnd').map((f) => (f.memory as { numTensors: number }).numTensors);
    assert.equal(tensors.length, 3);
    assert.deepEqual(tensors, [tensors[0], tensors[0], tensors[0]], `numTensors after each fit: ${tensors.join(', ')}`);
  });

  it('trains a module that exports createModel: built-in Iris picked from the shapes, compiled, evaluated on the test split', async () => {
    const r = await trainJson('factoryIris.ts', '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    const [start] = ofType(r.lines, 'fitStart');
    assert.equal(start.line, 7, 'a factory module trains at the factory');
    assert.equal(start.epochs, 3, 'fitOptions.epochs is used');
    assert.equal(start.validation, true);
    assert.equal(ofType(r.lines, 'epoch').length, 3);
    const end = finalLine(r);
    assert.equal(end.type, 'end');
    assert.equal(typeof logsOf(end).test_loss, 'number');
    assert.equal(typeof logsOf(end).test_acc, 'number');
    assert.equal(typeof logsOf(end).acc, 'number', 'classification is compiled with the accuracy metric');
  });

  it('makes a bare factory module learn with the defaults alone (no data, no fit or compile options)', async () => {
    const r = await trainJson('factoryOnly.ts', '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    const end = finalLine(r);
    assert.equal(end.type, 'end');
    assert.ok((logsOf(end).test_acc as number) >= 0.9, `test accuracy ${logsOf(end).test_acc}`);
  });

  it('trains a module with a default-export factory, its own data and compile options; --epochs wins over fitOptions', async () => {
    const r = await trainJson('factoryData.ts', '--backend', 'cpu', '--epochs', '2');
    assert.equal(r.code, 0, r.stderr);
    const [start] = ofType(r.lines, 'fitStart');
    assert.equal(start.line, 9);
    assert.equal(start.epochs, 2);
    assert.deepEqual(ofType(r.lines, 'epoch').map((e) => e.epoch), [1, 2]);
    assert.equal(finalLine(r).type, 'end');
  });

  it('trains a CommonJS module whose module.exports holds buildModel, data and fitOptions', async () => {
    const r = await trainJson('factoryCommonJs.js', '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    const [start] = ofType(r.lines, 'fitStart');
    assert.equal(start.line, 5);
    assert.equal(start.epochs, 2);
    assert.equal(typeof logsOf(finalLine(r)).loss, 'number');
  });

  it('observes fitDataset, serves default and tfjs-node imports as the same tfjs, and bundles relative imports', async () => {
    const r = await trainJson('fitDatasetScript.ts', '--backend', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(ofType(r.lines, 'log').some((l) => l.text === 'same tfjs: true'));
    assert.equal(ofType(r.lines, 'fitStart')[0].line, 15);
    assert.deepEqual(ofType(r.lines, 'epoch').map((e) => e.epoch), [1, 2, 3]);
    assert.equal(finalLine(r).type, 'end');
  });

  it('reaches ≥ 90 % test accuracy on a 10 000-image MNIST subset in one epoch on wasm', async () => {
    const r = await trainJson('mnistMlp.ts', '--backend', 'wasm');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines[0].backend, 'wasm');
    const [start] = ofType(r.lines, 'fitStart');
    assert.equal(start.samples, 10000);
    const epochs = ofType(r.lines, 'epoch');
    assert.equal(epochs.length, 1);
    const valAcc = logsOf(epochs[0]).val_acc;
    assert.ok(valAcc >= 0.9, `test accuracy ${valAcc}`);
  });

  it('prints progress lines and a summary for people when not on a terminal', async () => {
    const r = await runCli(['train', fixture('xorScript.ts'), '--epochs', '2', '--backend', 'cpu']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Training .*xorScript\.ts on cpu/m);
    assert.match(r.stdout, /^Fit 1 at line 13: 2 epochs/m);
    assert.match(r.stdout, /^Epoch 2\/2 {2}loss \d/m);
    assert.match(r.stdout, /^training XOR$/m);
    assert.match(r.stdout, /^Done in \d+:\d\d on cpu: loss /m);
    assert.doesNotMatch(r.stdout, /█/, 'no progress bar when stdout is not a terminal');
  });
});
