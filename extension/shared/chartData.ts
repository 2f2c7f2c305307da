// What the metrics panel draws, computed from run records. Pure and DOM-free so that it is
// tested in Node; the webview only maps these models onto uPlot and the table.

import type { FitRecord, RunRecord } from './runModel';

/** One line: x values ascending, y values (null where there is no value). */
export interface Series {
  x: number[];
  y: (number | null)[];
}

/** uPlot's data layout: one shared x array, then one y array per series, aligned on x. */
export type AlignedData = [number[], ...(number | null)[][]];

/**
 * Exponential moving average with TensorBoard's debiasing (so the first points are not pulled
 * towards zero). `weight` 0 returns the values as they are. Non-finite values are passed
 * through without entering the average, as TensorBoard does.
 */
export function emaSmooth(ys: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  if (w === 0) return ys.slice();
  let last = 0;
  let count = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return y;
    last = last * w + (1 - w) * y;
    count++;
    return last / (1 - Math.pow(w, count));
  });
}

/**
 * Puts several series on one shared, sorted x axis, with null where a series has no point.
 * (uPlot ships `uPlot.join` for this, but importing uPlot needs a DOM; this stays testable.)
 */
export function alignSeries(series: readonly Series[]): AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const y: (number | null)[] = new Array(xs.length).fill(null);
    s.x.forEach((x, i) => {
      y[index.get(x)!] = s.y[i];
    });
    return y;
  });
  return [xs, ...ys];
}

function fitsOf(run: RunRecord): FitRecord[] {
  return run.fits.filter((f): f is FitRecord => f !== undefined && f !== null);
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Steps a fit covered: from its progress when batches per epoch are known, else its last point. */
function stepsOf(fit: FitRecord): number {
  const lastPoint = fit.batchLoss.length ? fit.batchLoss[fit.batchLoss.length - 1][0] : 0;
  if (!fit.batchesPerEpoch) return lastPoint;
  return Math.max(lastPoint, (fit.currentEpoch - 1) * fit.batchesPerEpoch + fit.currentBatch + 1);
}

/** Per-batch training loss of a run; when a script fits several times, steps continue across fits. */
export function batchLossSeries(run: RunRecord): Series {
  const x: number[] = [];
  const y: (number | null)[] = [];
  let offset = 0;
  for (const fit of fitsOf(run)) {
    for (const [step, loss] of fit.batchLoss) {
      x.push(offset + step);
      y.push(finite(loss));
    }
    offset += stepsOf(fit);
  }
  return { x, y };
}

/** One metric per finished epoch; epochs continue across fits (x = 1, 2, …). */
export function epochMetricSeries(run: RunRecord, metric: string): Series {
  const x: number[] = [];
  const y: (number | null)[] = [];
  let offset = 0;
  for (const fit of fitsOf(run)) {
    fit.epochLogs.forEach((logs, i) => {
      if (!logs) return;
      x.push(offset + i + 1);
      y.push(finite(logs[metric]));
    });
    offset += fit.epochLogs.length;
  }
  return { x, y };
}

/** Metric names reported per epoch, in the order they first appear across the given runs. */
export function metricNames(runs: readonly RunRecord[]): string[] {
  const names = new Set<string>();
  for (const run of runs) for (const fit of fitsOf(run)) for (const logs of fit.epochLogs) if (logs) for (const k of Object.keys(logs)) names.add(k);
  return [...names];
}

export interface MetricGroup {
  /** The training metric's name, e.g. `loss`, `acc`. */
  name: string;
  /** The training metric, then its validation twin when there is one. */
  metrics: string[];
}

/** Groups each metric with its `val_` twin, loss first, so validation sits beside training. */
export function metricGroups(names: readonly string[]): MetricGroup[] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const base = name.startsWith('val_') ? name.slice(4) : name;
    if (!groups.has(base)) groups.set(base, []);
    groups.get(base)!.push(name);
  }
  const result = [...groups].map(([name, metrics]) => ({
    name,
    metrics: metrics.sort((a, b) => Number(a.startsWith('val_')) - Number(b.startsWith('val_'))),
  }));
  return result.sort((a, b) => Number(b.name === 'loss') - Number(a.name === 'loss'));
}

export type SeriesRole =
  /** The run being shown, as drawn (smoothed for per-batch loss). */
  | 'current'
  /** The unsmoothed values behind a smoothed current series, drawn faintly. */
  | 'raw'
  /** An earlier run of the same file, for comparison. */
  | 'earlier';

export interface SeriesSpec {
  label: string;
  metric: string;
  validation: boolean;
  role: SeriesRole;
  /** 0 for the current run, 1 for the run before it, and so on. */
  age: number;
}

export interface ChartModel {
  id: string;
  title: string;
  xLabel: string;
  series: SeriesSpec[];
  data: AlignedData;
  /** Changes exactly when the set of series changes: the chart must then be rebuilt, not just updated. */
  layout: string;
}

function layoutOf(id: string, series: readonly SeriesSpec[]): string {
  return `${id}|${series.map((s) => `${s.role}:${s.metric}:${s.age}`).join(',')}`;
}

/** The per-batch loss chart: the current run smoothed over its faint raw values, earlier runs smoothed. */
export function batchChart(current: RunRecord | undefined, earlier: readonly RunRecord[], smoothing: number): ChartModel {
  const series: SeriesSpec[] = [];
  const lines: Series[] = [];
  if (current) {
    const raw = batchLossSeries(current);
    if (smoothing > 0) {
      series.push({ label: 'loss (raw)', metric: 'loss', validation: false, role: 'raw', age: 0 });
      lines.push(raw);
    }
    series.push({ label: 'loss', metric: 'loss', validation: false, role: 'current', age: 0 });
    lines.push({ x: raw.x, y: emaSmooth(raw.y, smoothing) });
  }
  earlier.forEach((run, i) => {
    const s = batchLossSeries(run);
    if (s.x.length === 0) return;
    series.push({ label: `loss, ${runsAgo(i + 1)}`, metric: 'loss', validation: false, role: 'earlier', age: i + 1 });
    lines.push({ x: s.x, y: emaSmooth(s.y, smoothing) });
  });
  return { id: 'batch-loss', title: 'Loss per batch', xLabel: 'batch', series, data: alignSeries(lines), layout: layoutOf('batch-loss', series) };
}

/** One chart per metric group (loss with val_loss, acc with val_acc, …), earlier runs behind. */
export function epochCharts(current: RunRecord | undefined, earlier: readonly RunRecord[]): ChartModel[] {
  if (!current) return [];
  return metricGroups(metricNames([current])).map((group) => {
    const series: SeriesSpec[] = [];
    const lines: Series[] = [];
    const add = (run: RunRecord, metric: string, age: number) => {
      const s = epochMetricSeries(run, metric);
      if (age > 0 && s.y.every((v) => v === null)) return;
      const label = age > 0 ? `${metric}, ${runsAgo(age)}` : metric;
      series.push({ label, metric, validation: metric.startsWith('val_'), role: age > 0 ? 'earlier' : 'current', age });
      lines.push(s);
    };
    for (const metric of group.metrics) add(current, metric, 0);
    earlier.forEach((run, i) => {
      for (const metric of group.metrics) add(run, metric, i + 1);
    });
    const id = `epoch-${group.name}`;
    return { id, title: group.name, xLabel: 'epoch', series, data: alignSeries(lines), layout: layoutOf(id, series) };
  });
}

function runsAgo(age: number): string {
  return age === 1 ? 'previous run' : `${age} runs ago`;
}

export interface EpochTable {
  /** Metric columns, training metrics each followed by their validation twin. */
  columns: string[];
  /** Whether the run fitted more than once (then each row says which fit). */
  showFit: boolean;
  rows: { fit: number; epoch: number; values: (number | null)[] }[];
}

/** One row per finished epoch of every fit (fit and epoch 1-based). */
export function epochTable(run: RunRecord | undefined): EpochTable {
  if (!run) return { columns: [], showFit: false, rows: [] };
  const columns = metricGroups(metricNames([run])).flatMap((g) => g.metrics);
  const fits = run.fits.map((fit, i) => ({ fit, i })).filter(({ fit }) => fit !== undefined && fit !== null);
  const rows = fits.flatMap(({ fit, i }) =>
    fit.epochLogs.flatMap((logs, e) => (logs ? [{ fit: i + 1, epoch: e + 1, values: columns.map((c) => finite(logs[c])) }] : [])),
  );
  return { columns, showFit: fits.length > 1, rows };
}
