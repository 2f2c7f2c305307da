import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { epochLine, errorText, fitStartLine, formatLogs, jsonLine, progressBar, progressLine, summaryLine } from '../../extension/cli/render';
import { applyEvent, newRun } from '../../extension/shared/runModel';
import type { WorkerToHost } from '../../extension/shared/workerProtocol';

function fold(events: WorkerToHost[]) {
  let run = newRun('cli', '/ws/model.ts', 0);
  events.forEach((e, i) => {
    run = applyEvent(run, e, (i + 1) * 1000);
  });
  return run;
}

const fitStart: WorkerToHost = { type: 'fitStart', fit: 0, line: 12, epochs: 5, batchesPerEpoch: 10, batchSize: 32, samples: 320, validation: true };

describe('deepdrill --json lines', () => {
  it('prints epochs, the end and other events as one JSON object each, and no batch events', () => {
    assert.equal(
      jsonLine({ type: 'epoch', fit: 1, epoch: 2, logs: { loss: 0.5, val_loss: 0.6 }, elapsedMs: 10 }),
      '{"type":"epoch","fit":1,"epoch":2,"logs":{"loss":0.5,"val_loss":0.6},"elapsedMs":10}',
    );
    assert.equal(jsonLine({ type: 'end', backend: 'wasm', logs: { loss: 0.1 }, durationMs: 5 }), '{"type":"end","backend":"wasm","logs":{"loss":0.1},"durationMs":5}');
    assert.equal(jsonLine({ type: 'batch', fit: 0, epoch: 1, batch: 0, step: 1, logs: { loss: 1 } }), undefined);
  });

  it('flattens errors to kind, message, file, line, column and hint (no stack)', () => {
    const line = jsonLine({
      type: 'error',
      error: { kind: 'shape', message: 'bad shape', file: '/ws/m.ts', line: 4, column: 2, hint: 'check shapes', stack: 'Error: …' },
    });
    assert.deepEqual(JSON.parse(line ?? ''), { type: 'error', kind: 'shape', message: 'bad shape', file: '/ws/m.ts', line: 4, column: 2, hint: 'check shapes' });
  });
});

describe('deepdrill output for people', () => {
  it('lists training metrics, then validation, then test', () => {
    assert.equal(formatLogs({ test_acc: 0.9, val_loss: 0.25, loss: 0.125, acc: 0.5 }), 'loss 0.125  acc 0.5  val_loss 0.25  test_acc 0.9');
  });

  it('draws a bar of the given width, clamped to [0, 1]', () => {
    assert.equal(progressBar(0.5, 10), '█████░░░░░');
    assert.equal(progressBar(2, 4), '████');
    assert.equal(progressBar(Number.NaN, 4), '░░░░');
  });

  it('the live line shows epoch, batch progress, loss, throughput and ETA', () => {
    const run = fold([fitStart, { type: 'batch', fit: 0, epoch: 2, batch: 4, step: 15, logs: { loss: 0.75 }, samplesPerSec: 1234.4 }]);
    const line = progressLine(run, 2000, 200);
    assert.equal(line, `Epoch 2/5 ${progressBar(0.5, 20)} 5/10 loss 0.75 · 1234 samples/s · ETA 0:02`);
  });

  it('the live line fits the terminal width', () => {
    const run = fold([fitStart, { type: 'batch', fit: 0, epoch: 1, batch: 0, step: 1, logs: { loss: 1 }, samplesPerSec: 10 }]);
    const line = progressLine(run, 2000, 30) ?? '';
    assert.ok(line.length <= 29, line);
    assert.ok(line.endsWith('…'));
  });

  it('names the fit when a file fits more than once', () => {
    const run = fold([fitStart, { ...fitStart, fit: 1, line: 20 } as WorkerToHost]);
    assert.equal(epochLine(run, 1, 3, { loss: 0.5 }, 1500), 'fit 2 · Epoch 3/5  loss 0.5  (0:02)');
    assert.equal(fitStartLine(fitStart as Extract<WorkerToHost, { type: 'fitStart' }>), 'Fit 1 at line 12: 5 epochs × 10 batches of 32, with validation');
  });

  it('errors read like a compiler message with the hint below; a stop is just a stop', () => {
    assert.equal(
      errorText({ kind: 'nan', message: 'The loss became NaN at epoch 2, batch 3.', file: '/ws/m.ts', line: 9, hint: 'Lower the learning rate.' }, '/ws/m.ts'),
      '/ws/m.ts:9: error (nan): The loss became NaN at epoch 2, batch 3.\n  hint: Lower the learning rate.',
    );
    assert.equal(errorText({ kind: 'stopped', message: 'Training was stopped.' }, '/ws/m.ts'), 'Training stopped.');
    assert.equal(summaryLine('wasm', { loss: 0.5 }, 61_000), 'Done in 1:01 on wasm: loss 0.5');
  });
});
