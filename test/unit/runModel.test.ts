import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_BATCH_POINTS, applyEvent, fitEtaMs, lastLogs, newRun, runProgress } from '../../extension/shared/runModel';
import { isWorkerToHost, type WorkerToHost } from '../../extension/shared/workerProtocol';

function fold(events: WorkerToHost[], t0 = 1000) {
  let run = newRun('r1', '/ws/model.ts', t0);
  events.forEach((e, i) => {
    run = applyEvent(run, e, t0 + (i + 1) * 100);
  });
  return run;
}

const fitStart: WorkerToHost = { type: 'fitStart', fit: 0, line: 12, epochs: 2, batchesPerEpoch: 4, validation: true };

describe('run model', () => {
  it('records backend, epochs and the final status of a successful run', () => {
    const run = fold([
      { type: 'backend', backend: 'wasm', detail: 'WebAssembly SIMD' },
      fitStart,
      { type: 'epoch', fit: 0, epoch: 1, logs: { loss: 0.9, val_loss: 1.0 }, elapsedMs: 50 },
      { type: 'epoch', fit: 0, epoch: 2, logs: { loss: 0.5, val_loss: 0.6 }, elapsedMs: 100 },
      { type: 'end', backend: 'wasm', logs: { loss: 0.5 }, durationMs: 400 },
    ]);
    assert.equal(run.backend, 'wasm');
    assert.equal(run.fits[0].line, 12);
    assert.deepEqual(run.fits[0].epochLogs.map((l) => l.loss), [0.9, 0.5]);
    assert.deepEqual(run.status, { kind: 'succeeded', logs: { loss: 0.5 } });
    assert.equal(run.durationMs, 400);
    assert.deepEqual(lastLogs(run), { loss: 0.5, val_loss: 0.6 });
  });

  it('keeps each fit of a script with several fits apart', () => {
    const run = fold([
      fitStart,
      { type: 'epoch', fit: 0, epoch: 1, logs: { loss: 2 }, elapsedMs: 1 },
      { ...fitStart, fit: 1, line: 30, epochs: 1 } as WorkerToHost,
      { type: 'epoch', fit: 1, epoch: 1, logs: { loss: 1 }, elapsedMs: 1 },
    ]);
    assert.equal(run.fits.length, 2);
    assert.equal(run.fits[1].line, 30);
    assert.deepEqual(run.fits[1].epochLogs, [{ loss: 1 }]);
    assert.deepEqual(lastLogs(run), { loss: 1 });
  });

  it('does not modify the record it is given', () => {
    const before = fold([fitStart]);
    const snapshot = JSON.stringify(before);
    applyEvent(before, { type: 'batch', fit: 0, epoch: 1, batch: 0, step: 1, logs: { loss: 3 } }, 5000);
    assert.equal(JSON.stringify(before), snapshot);
  });

  it('thins per-batch loss so a long run stays bounded, keeping the latest steps', () => {
    let run = fold([fitStart]);
    const steps = MAX_BATCH_POINTS * 5;
    for (let step = 1; step <= steps; step++) {
      run = applyEvent(run, { type: 'batch', fit: 0, epoch: 1, batch: step - 1, step, logs: { loss: 1 / step } }, 2000);
    }
    const points = run.fits[0].batchLoss;
    assert.ok(points.length <= MAX_BATCH_POINTS, `${points.length} points kept`);
    assert.ok(points.length >= MAX_BATCH_POINTS / 4, `only ${points.length} points kept`);
    const lastStep = points[points.length - 1][0];
    assert.ok(steps - lastStep < run.fits[0].batchStride, `last kept step ${lastStep} of ${steps}`);
    assert.ok(points.every(([s], i) => i === 0 || s > points[i - 1][0]), 'steps stay in order');
  });

  it('tells a stop from a failure', () => {
    const stopped = fold([fitStart, { type: 'error', error: { kind: 'stopped', message: 'Stopped' } }]);
    assert.deepEqual(stopped.status, { kind: 'stopped' });
    const failed = fold([{ type: 'error', error: { kind: 'nan', message: 'Loss is NaN', line: 3 } }]);
    assert.equal(failed.status.kind, 'failed');
    assert.equal(failed.status.kind === 'failed' && failed.status.error.line, 3);
    assert.equal(failed.durationMs, 100);
  });

  it('estimates progress and time left from the pace so far', () => {
    let run = fold([fitStart], 0); // fit starts at t=100, 2 epochs × 4 batches
    assert.equal(runProgress(run), 0);
    run = applyEvent(run, { type: 'batch', fit: 0, epoch: 1, batch: 1, step: 2, logs: { loss: 1 } }, 300);
    assert.equal(runProgress(run), 0.25);
    // 2 of 8 batches took 200 ms → 6 left take 600 ms
    assert.equal(fitEtaMs(run.fits[0], 300), 600);
    run = applyEvent(run, { type: 'epoch', fit: 0, epoch: 1, logs: { loss: 1 }, elapsedMs: 1 }, 400);
    run = applyEvent(run, { type: 'epoch', fit: 0, epoch: 2, logs: { loss: 1 }, elapsedMs: 1 }, 500);
    assert.equal(runProgress(run), 1);
  });

  it('estimates time left per epoch when the batch count is unknown', () => {
    let run = fold([{ type: 'fitStart', fit: 0, epochs: 4, validation: false }], 0);
    assert.equal(fitEtaMs(run.fits[0], 150), undefined);
    run = applyEvent(run, { type: 'epoch', fit: 0, epoch: 1, logs: { loss: 1 }, elapsedMs: 1 }, 300);
    assert.equal(fitEtaMs(run.fits[0], 300), 600);
  });
});

describe('worker event validation', () => {
  it('accepts the events a worker sends, NaN losses (null after JSON) included', () => {
    const events: unknown[] = [
      { type: 'backend', backend: 'wasm', detail: 'WebAssembly SIMD' },
      { type: 'fitStart', fit: 0, line: 3, epochs: 5, batchesPerEpoch: 10, samples: 320, batchSize: 32, validation: true },
      JSON.parse(JSON.stringify({ type: 'batch', fit: 0, epoch: 1, batch: 0, step: 1, logs: { loss: NaN }, samplesPerSec: 100 })),
      { type: 'epoch', fit: 0, epoch: 1, logs: { loss: 0.5, val_loss: 0.6 }, elapsedMs: 10 },
      { type: 'fitEnd', fit: 0, logs: { loss: 0.5 }, memory: { numTensors: 12 } },
      { type: 'log', level: 'warn', text: 'hello' },
      { type: 'end', backend: 'cpu', logs: {}, durationMs: 5 },
      { type: 'error', error: { kind: 'nan', message: 'Loss became NaN', file: '/a.ts', line: 4, column: 2, hint: 'lower it' } },
    ];
    for (const e of events) assert.ok(isWorkerToHost(e), JSON.stringify(e));
  });

  it('drops malformed events instead of letting them into the run record', () => {
    const bad: unknown[] = [
      null,
      { type: 'error' },
      { type: 'error', error: { kind: 'oops', message: 'x' } },
      { type: 'error', error: { kind: 'runtime', message: 'x', line: 0 } },
      { type: 'fitStart', fit: 1e12, epochs: 1, validation: false },
      { type: 'fitStart', fit: -1, epochs: 1, validation: false },
      { type: 'batch', fit: 0, epoch: 0, batch: 0, step: 1, logs: {} },
      { type: 'epoch', fit: 0, epoch: 1, logs: { loss: '0.5' }, elapsedMs: 1 },
      { type: 'end', backend: 'gpu', logs: {}, durationMs: 1 },
      { type: 'log', level: 'debug', text: 'x' },
      { type: 'unknown' },
    ];
    for (const e of bad) assert.equal(isWorkerToHost(e), false, JSON.stringify(e));
  });

  it('ignores a fit numbered past the next one, so no run record gets holes', () => {
    const run = fold([{ type: 'fitStart', fit: 5, epochs: 1, validation: false }]);
    assert.equal(run.fits.length, 0);
  });
});
