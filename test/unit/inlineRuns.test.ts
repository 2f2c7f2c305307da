import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  metricsInOrder,
  chartLines,
  compactMetric,
  fitLines,
  inlineText,
  lensText,
  lossValues,
  matchingFits,
  MAX_FIT_LINES,
  metricsSummary,
  previousRun,
  relativeTime,
  runFacts,
  runToShow,
} from '../../extension/shared/inlineRuns';
import { applyEvent, newRun, type RunRecord } from '../../extension/shared/runModel';
import type { WorkerToHost } from '../../extension/shared/workerProtocol';

function fold(id: string, startedAt: number, events: WorkerToHost[]): RunRecord {
  return events.reduce((run, e, i) => applyEvent(run, e, startedAt + i), newRun(id, '/ws/model.ts', startedAt));
}

/** A run of one fit at `line` (1-based): 2 epochs of 2 batches, loss halving each batch. */
function trained(id: string, startedAt: number, line: number, end = true): RunRecord {
  const events: WorkerToHost[] = [
    { type: 'backend', backend: 'wasm', detail: 'SIMD, 2 threads' },
    { type: 'fitStart', fit: 0, line, epochs: 2, batchesPerEpoch: 2, validation: true },
    { type: 'batch', fit: 0, epoch: 1, batch: 0, step: 1, logs: { loss: 0.8 } },
    { type: 'batch', fit: 0, epoch: 1, batch: 1, step: 2, logs: { loss: 0.4 } },
    { type: 'epoch', fit: 0, epoch: 1, elapsedMs: 10, logs: { loss: 0.6, acc: 0.75, val_loss: 0.7, val_acc: 0.7 } },
    { type: 'batch', fit: 0, epoch: 2, batch: 0, step: 3, logs: { loss: 0.2 } },
    { type: 'batch', fit: 0, epoch: 2, batch: 1, step: 4, logs: { loss: 0.1 } },
    { type: 'epoch', fit: 0, epoch: 2, elapsedMs: 10, logs: { loss: 0.0312, acc: 0.99, val_loss: 0.05, val_acc: 0.985 } },
  ];
  if (end) events.push({ type: 'end', durationMs: 42_000, backend: 'wasm', logs: { loss: 0.0312, acc: 0.99 } });
  return fold(id, startedAt, events);
}

describe('runs beside the code', () => {
  it('groups fits by the line that trains, 0-based, several fits of a loop on one line', () => {
    const run = fold('r', 0, [
      { type: 'fitStart', fit: 0, line: 30, epochs: 1, validation: false },
      { type: 'fitStart', fit: 1, line: 12, epochs: 1, validation: false },
      { type: 'fitStart', fit: 2, line: 30, epochs: 1, validation: false },
      { type: 'fitStart', fit: 3, epochs: 1, validation: false },
    ]);
    assert.deepEqual(fitLines(run), [
      { line: 11, fits: [1] },
      { line: 29, fits: [0, 2] },
    ]);
  });

  it('decorates a bounded number of lines', () => {
    const events: WorkerToHost[] = Array.from({ length: 100 }, (_, i) => ({ type: 'fitStart', fit: i, line: i + 1, epochs: 1, validation: false }));
    assert.equal(fitLines(fold('r', 0, events)).length, MAX_FIT_LINES);
  });

  it('shows the newest run that trained, leaving the last chart when a run failed before training', () => {
    const good = trained('good', 1000, 20);
    const failed = applyEvent(newRun('failed', '/ws/model.ts', 2000), { type: 'error', error: { kind: 'syntax', message: 'Unexpected token' } }, 2001);
    assert.equal(runToShow([failed, good])?.id, 'good');
    const older = trained('older', 500, 20);
    assert.equal(previousRun([failed, good, older], good)?.id, 'older');
    assert.equal(previousRun([good], good), undefined);
  });

  it('matches the same line in the run before, even when lines moved', () => {
    const shown = trained('now', 2000, 24);
    const before = trained('before', 1000, 20);
    assert.deepEqual(matchingFits(before, shown, fitLines(shown)[0]), { line: 19, fits: [0] });
  });

  it('gives the sparkline the smoothed per-batch loss, falling', () => {
    const values = lossValues(trained('r', 0, 5), [0]);
    assert.equal(values.length, 4);
    assert.ok(Math.abs(values[0] - 0.8) < 1e-12, 'the debiased average starts at the first value');
    assert.ok(values.every((v, i) => i === 0 || v < values[i - 1]));
  });

  it('falls back to the loss per epoch when no batch was reported', () => {
    const run = fold('r', 0, [
      { type: 'fitStart', fit: 0, line: 3, epochs: 2, validation: false },
      { type: 'epoch', fit: 0, epoch: 1, elapsedMs: 10, logs: { loss: 2 } },
      { type: 'epoch', fit: 0, epoch: 2, elapsedMs: 10, logs: { loss: 1 } },
    ]);
    assert.deepEqual(lossValues(run, [0]), [2, 1]);
  });

  it('writes metrics for a small space: loss, and accuracy in percent', () => {
    assert.equal(metricsSummary({ loss: 0.031234, acc: 0.99 }), 'loss 0.0312 · acc 99.0 %');
    assert.equal(metricsSummary({ loss: 0.5, val_loss: 0.6, val_accuracy: 0.8766 }), 'loss 0.5 · val_acc 87.7 %');
    assert.equal(metricsSummary({ loss: 12.5 }), 'loss 12.5', 'no metric twice when the loss is the headline');
    assert.equal(compactMetric('loss', NaN), 'NaN');
    assert.equal(compactMetric('loss', 0.00001234), '1.2e-5');
  });

  it('lists every metric for the hover: the loss, the training metrics, then their validation twins; accuracy in percent', () => {
    // tfjs reports validation first; a learner reads training, then validation beside it.
    const logs = { val_loss: 0.04868, val_acc: 0.9857, loss: 0.13271, acc: 0.959, val_mse: 2 };
    assert.deepEqual(
      metricsInOrder(logs).map(({ name, text }) => `${name} ${text}`),
      ['loss 0.1327', 'acc 95.90 %', 'val_loss 0.04868', 'val_acc 98.57 %', 'val_mse 2'],
    );
    assert.deepEqual(metricsInOrder({ loss: NaN, accuracy: NaN }), [{ name: 'loss', text: 'NaN' }, { name: 'accuracy', text: 'NaN' }]);
  });

  it('says when a run ended in words', () => {
    const now = 10 * 86_400_000;
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 2 * 60_000, now), '2 min ago');
    assert.equal(relativeTime(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(relativeTime(now - 26 * 3_600_000, now), 'yesterday');
    assert.equal(relativeTime(now - 5 * 86_400_000, now), '5 days ago');
    assert.equal(relativeTime(now + 5000, now), 'just now', 'a clock that went back is not "in the future"');
  });

  it('writes the text after the sparkline and the CodeLens of a finished run', () => {
    const run = trained('r', 0, 5);
    const group = fitLines(run)[0];
    assert.equal(inlineText(run, group), 'loss 0.0312 · val_acc 98.5 %');
    assert.equal(lensText(run, group, 42_000 + 2 * 60_000), 'loss 0.0312 · val_acc 98.5 % · 2 min ago');
    assert.equal(runFacts(run), 'Finished · 0:42 · wasm');
  });

  it('writes the epoch and latest loss while the run streams', () => {
    const run = trained('r', 0, 5, false);
    const group = fitLines(run)[0];
    assert.equal(inlineText(run, group), 'epoch 2/2 · loss 0.1');
    assert.match(lensText(run, group, 0), /^\$\(loading~spin\) epoch 2\/2 · loss 0.1$/);
    const stopped = applyEvent(run, { type: 'error', error: { kind: 'stopped', message: 'Stopped.' } }, 10);
    assert.equal(inlineText(stopped, group), 'loss 0.0312 · val_acc 98.5 % · stopped');
  });

  it('puts the hover chart on the share of training done, validation at the end of each epoch', () => {
    const run = trained('r', 0, 5);
    const [training, validation] = chartLines(run, [0], false);
    assert.equal(training.role, 'training');
    assert.deepEqual(
      training.points.map(([x]) => x),
      [0.25, 0.5, 0.75, 1],
    );
    assert.deepEqual(validation.points, [
      [0.5, 0.7],
      [1, 0.05],
    ]);
    assert.ok(chartLines(run, [0], true).every((l) => l.previous));
  });
});
