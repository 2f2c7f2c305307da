import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alignSeries,
  batchChart,
  batchLossSeries,
  emaSmooth,
  epochCharts,
  epochMetricSeries,
  epochTable,
  metricGroups,
} from '../../extension/shared/chartData';
import { applyEvent, newRun, type RunRecord } from '../../extension/shared/runModel';
import type { Logs, WorkerToHost } from '../../extension/shared/workerProtocol';

/** A run of one or more fits, each given as its per-epoch logs, with 2 batches per epoch. */
function run(id: string, fits: Logs[][], startedAt = 0): RunRecord {
  const events: WorkerToHost[] = [];
  fits.forEach((epochs, fit) => {
    events.push({ type: 'fitStart', fit, epochs: epochs.length, batchesPerEpoch: 2, validation: 'val_loss' in (epochs[0] ?? {}) });
    epochs.forEach((logs, e) => {
      for (let b = 0; b < 2; b++) {
        events.push({ type: 'batch', fit, epoch: e + 1, batch: b, step: e * 2 + b + 1, logs: { loss: logs.loss + (1 - b) * 0.1 } });
      }
      events.push({ type: 'epoch', fit, epoch: e + 1, logs, elapsedMs: 1 });
    });
  });
  return events.reduce((r, e) => applyEvent(r, e, startedAt), newRun(id, '/ws/m.ts', startedAt));
}

describe('chart data', () => {
  it('leaves values alone without smoothing and smooths towards the trend with it', () => {
    const noisy = [1, 0, 1, 0, 1, 0, 1, 0];
    assert.deepEqual(emaSmooth(noisy, 0), noisy);
    const smooth = emaSmooth(noisy, 0.9) as number[];
    const spread = (xs: number[]) => Math.max(...xs.slice(4)) - Math.min(...xs.slice(4));
    assert.ok(spread(smooth) < 0.3, `smoothed tail still swings by ${spread(smooth)}`);
  });

  it('is not pulled towards zero at the start (debiased like TensorBoard)', () => {
    const s = emaSmooth([5, 5, 5], 0.95);
    for (const v of s) assert.ok(Math.abs((v as number) - 5) < 1e-9, `${v}`);
  });

  it('passes missing and non-finite values through without poisoning the average', () => {
    const s = emaSmooth([1, null, NaN, 1], 0.5);
    assert.equal(s[1], null);
    assert.ok(Number.isNaN(s[2] as number));
    assert.equal(s[3], 1);
  });

  it('aligns series with different x values on one axis', () => {
    const data = alignSeries([
      { x: [1, 2, 3], y: [10, 20, 30] },
      { x: [2, 4], y: [200, 400] },
    ]);
    assert.deepEqual(data, [
      [1, 2, 3, 4],
      [10, 20, 30, null],
      [null, 200, null, 400],
    ]);
  });

  it('continues steps and epochs across the fits of one script', () => {
    const r = run('r', [
      [{ loss: 3 }, { loss: 2 }],
      [{ loss: 1 }],
    ]);
    assert.deepEqual(batchLossSeries(r).x, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(epochMetricSeries(r, 'loss'), { x: [1, 2, 3], y: [3, 2, 1] });
  });

  it('groups validation metrics beside their training metric, loss first', () => {
    assert.deepEqual(metricGroups(['acc', 'val_acc', 'loss', 'val_loss', 'mse']), [
      { name: 'loss', metrics: ['loss', 'val_loss'] },
      { name: 'acc', metrics: ['acc', 'val_acc'] },
      { name: 'mse', metrics: ['mse'] },
    ]);
    assert.deepEqual(metricGroups(['val_loss', 'loss']), [{ name: 'loss', metrics: ['loss', 'val_loss'] }]);
  });

  it('draws one epoch chart per metric with earlier runs behind the current one', () => {
    const current = run('now', [[{ loss: 1, val_loss: 1.2, acc: 0.5, val_acc: 0.4 }, { loss: 0.5, val_loss: 0.7, acc: 0.8, val_acc: 0.7 }]]);
    const before = run('before', [[{ loss: 2, val_loss: 2.2, acc: 0.3, val_acc: 0.2 }]]);
    const charts = epochCharts(current, [before]);
    assert.deepEqual(charts.map((c) => c.title), ['loss', 'acc']);
    const loss = charts[0];
    assert.deepEqual(loss.series.map((s) => [s.metric, s.role, s.age]), [
      ['loss', 'current', 0],
      ['val_loss', 'current', 0],
      ['loss', 'earlier', 1],
      ['val_loss', 'earlier', 1],
    ]);
    assert.deepEqual(loss.data, [
      [1, 2],
      [1, 0.5],
      [1.2, 0.7],
      [2, null],
      [2.2, null],
    ]);
  });

  it('rebuilds a chart only when its set of series changes', () => {
    const a = run('a', [[{ loss: 1 }]]);
    const b = run('b', [[{ loss: 1 }, { loss: 0.5 }]]);
    assert.equal(epochCharts(a, [])[0].layout, epochCharts(b, [])[0].layout);
    assert.notEqual(epochCharts(a, [])[0].layout, epochCharts(a, [b])[0].layout);
    assert.notEqual(batchChart(a, [], 0).layout, batchChart(a, [], 0.6).layout);
  });

  it('shows the smoothed batch loss over its raw values, earlier runs smoothed', () => {
    const current = run('now', [[{ loss: 1 }, { loss: 0.5 }]]);
    const chart = batchChart(current, [run('old', [[{ loss: 2 }]])], 0.6);
    assert.deepEqual(chart.series.map((s) => s.role), ['raw', 'current', 'earlier']);
    const [xs, raw, smoothed, earlier] = chart.data;
    assert.deepEqual(xs, [1, 2, 3, 4]);
    assert.deepEqual(raw, [1.1, 1, 0.6, 0.5]);
    assert.notDeepEqual(smoothed, raw);
    assert.deepEqual(earlier.slice(2), [null, null]);
  });

  it('lists every finished epoch of every fit in the table', () => {
    const table = epochTable(run('r', [[{ loss: 3, acc: 0.1 }, { loss: 2, acc: 0.2 }], [{ loss: 1, acc: 0.9 }]]));
    assert.deepEqual(table.columns, ['loss', 'acc']);
    assert.equal(table.showFit, true);
    assert.deepEqual(table.rows, [
      { fit: 1, epoch: 1, values: [3, 0.1] },
      { fit: 1, epoch: 2, values: [2, 0.2] },
      { fit: 2, epoch: 1, values: [1, 0.9] },
    ]);
    assert.equal(epochTable(run('one', [[{ loss: 1 }]])).showFit, false);
    assert.deepEqual(epochTable(undefined).rows, []);
  });
});
