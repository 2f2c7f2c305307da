import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEvent, newRun } from '../../extension/shared/runModel';
import { describeRunError, formatDuration, formatMetric, headlineMetric, noFitNote, progressText, statusText } from '../../extension/shared/runText';
import type { WorkerToHost } from '../../extension/shared/workerProtocol';

describe('run text', () => {
  it('formats durations as m:ss and h:mm:ss', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(42_400), '0:42');
    assert.equal(formatDuration(125_000), '2:05');
    assert.equal(formatDuration(3_725_000), '1:02:05');
  });

  it('formats metric values compactly and marks missing or broken values', () => {
    assert.equal(formatMetric(0.123456), '0.1235');
    assert.equal(formatMetric(0.98), '0.98');
    assert.equal(formatMetric(1234.5678), '1235');
    assert.equal(formatMetric(0.00001234), '1.23e-5');
    assert.equal(formatMetric(NaN), 'NaN');
    assert.equal(formatMetric(null), '–');
  });

  it('says why a run that finished without a fit (a trainOnBatch loop) has no charts, and only then', () => {
    const started = applyEvent(newRun('r', '/ws/m.ts', 0), { type: 'backend', backend: 'wasm', detail: '' }, 0);
    const end: WorkerToHost = { type: 'end', backend: 'wasm', logs: { loss: 0.5 }, durationMs: 1 };
    assert.match(String(noFitNote(applyEvent(started, end, 1))), /without calling model\.fit\(\) or model\.fitDataset\(\)/);
    assert.equal(noFitNote(started), undefined, 'not while it runs');
    const fitted = applyEvent(started, { type: 'fitStart', fit: 0, epochs: 1, validation: false }, 0);
    assert.equal(noFitNote(applyEvent(fitted, end, 1)), undefined, 'not when a fit ran');
    assert.equal(noFitNote(undefined), undefined);
  });

  it('says what a run is doing and how it ended', () => {
    let run = newRun('r', '/ws/m.ts', 0);
    assert.equal(statusText(run), 'Starting…');
    run = applyEvent(run, { type: 'backend', backend: 'wasm', detail: '' }, 0);
    // The learner's code loads data and builds the model before its first fit; it may never get there.
    assert.equal(statusText(run), 'Running your code…');
    assert.equal(progressText(run, 0), 'Running your code…');
    run = applyEvent(run, { type: 'fitStart', fit: 0, epochs: 5, batchesPerEpoch: 10, validation: false }, 0);
    run = applyEvent(run, { type: 'batch', fit: 0, epoch: 2, batch: 4, step: 15, logs: { loss: 1 } }, 1000);
    assert.equal(statusText(run), 'Training · epoch 2/5');
    // 15 of 50 batches took 1 s: 35 more take about 2.3 s.
    assert.equal(progressText(run, 1000), 'Epoch 2/5 · ETA 0:02');
    const second = applyEvent(run, { type: 'fitStart', fit: 1, epochs: 3, validation: false }, 1000);
    assert.equal(statusText(second), 'Training · fit 2 · epoch 1/3');
    assert.equal(statusText(applyEvent(run, { type: 'end', backend: 'cpu', logs: {}, durationMs: 1 }, 2000)), 'Finished');
    assert.equal(statusText(applyEvent(run, { type: 'error', error: { kind: 'stopped', message: 'Stopped' } }, 2000)), 'Stopped');
    const failed: WorkerToHost = { type: 'error', error: { kind: 'runtime', message: 'boom' } };
    assert.equal(statusText(applyEvent(run, failed, 2000)), 'Failed: boom');
  });

  it('picks validation accuracy, then accuracy, then loss as the headline metric', () => {
    assert.deepEqual(headlineMetric({ loss: 0.1, acc: 0.9, val_acc: 0.8 }), { name: 'val_acc', value: 0.8 });
    assert.deepEqual(headlineMetric({ loss: 0.1, accuracy: 0.9 }), { name: 'accuracy', value: 0.9 });
    assert.deepEqual(headlineMetric({ loss: 0.1 }), { name: 'loss', value: 0.1 });
    assert.deepEqual(headlineMetric({ mae: 2 }), { name: 'mae', value: 2 });
    assert.equal(headlineMetric({}), undefined);
  });

  it('names the file and line of an error and adds the hint', () => {
    const text = describeRunError({ kind: 'shape', message: 'Expected dense_Dense1_input to have shape [null,2]', file: '/ws/xor.ts', line: 14 }, '/ws/xor.ts');
    assert.match(text, /^Shape mismatch at xor\.ts:14: Expected dense_Dense1_input/);
    const syntax = describeRunError({ kind: 'syntax', message: 'Expected ";"', file: '/ws/xor.ts', line: 3, hint: 'Fix it.' }, '/ws/xor.ts');
    assert.equal(syntax, 'xor.ts:3 does not compile: Expected ";". Fix it.');
  });

  it('suggests a lower learning rate for a NaN loss when the worker gives no hint', () => {
    const text = describeRunError({ kind: 'nan', message: 'Loss became NaN at epoch 2, batch 14' }, '/ws/m.ts');
    assert.match(text, /epoch 2, batch 14\. .*lower learning rate/);
    const atFit = describeRunError({ kind: 'nan', message: 'The loss became Infinity at epoch 5, batch 1; training was stopped.', file: '/ws/m.ts', line: 8 }, '/ws/m.ts');
    assert.match(atFit, /^m\.ts:8: The loss became Infinity/, 'the fit it happened in');
  });

  it('names the line of an allocation too big for memory', () => {
    const text = describeRunError({ kind: 'oom', message: 'Invalid typed array length: 5000000000', file: '/ws/big.ts', line: 4 }, '/ws/big.ts');
    assert.match(text, /^The training process ran out of memory at big\.ts:4: Invalid typed array length/);
    assert.match(describeRunError({ kind: 'oom', message: 'killed' }, '/ws/big.ts'), /^The training process ran out of memory: killed/);
    const died = describeRunError({ kind: 'oom', message: 'The training worker ran out of memory and was killed by SIGABRT.', hint: 'Use less.' }, '/ws/big.ts');
    assert.equal(died, 'The training worker ran out of memory and was killed by SIGABRT. Use less.', 'said once');
  });

  it('tells the user that the next run starts afresh after a crash', () => {
    assert.match(describeRunError({ kind: 'crash', message: 'exit code 134' }, '/ws/m.ts'), /ended unexpectedly: exit code 134\..*next run/);
  });
});
