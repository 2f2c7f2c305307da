// What the editor shows beside a line that trains: which run, which fits at which line, the
// loss series of its sparkline and hover chart, and the words of its CodeLens. Pure, so that
// the host's decorations, hover and CodeLens stay thin and this is tested in Node.

import { emaSmooth } from './chartData';
import type { FitRecord, RunRecord } from './runModel';
import { formatDuration, formatMetric, headlineMetric, statusText } from './runText';
import type { ChartLine } from './sparkline';
import type { Logs } from './workerProtocol';

/** Fit lines decorated per file: a script looping over hundreds of fit calls gets no more. */
export const MAX_FIT_LINES = 20;
/** Points per line of the hover chart. */
export const HOVER_POINTS = 160;
/** Smoothing of the per-batch loss in the sparkline and hover (TensorBoard's default is 0.6). */
export const INLINE_SMOOTHING = 0.6;

/** The fits trained at one line of the run's source (a loop may fit several times there). */
export interface FitLine {
  /** 0-based line in the source that was trained. */
  line: number;
  /** Indexes into `run.fits`, in order. */
  fits: number[];
}

function fitAt(run: RunRecord, i: number): FitRecord | undefined {
  const fit = run.fits[i];
  return fit === null ? undefined : fit;
}

/** The lines that trained in a run, in line order, with their fits. */
export function fitLines(run: RunRecord): FitLine[] {
  const byLine = new Map<number, number[]>();
  run.fits.forEach((fit, i) => {
    if (!fit || fit.line === undefined || !Number.isInteger(fit.line) || fit.line < 1) return;
    const line = fit.line - 1;
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line)!.push(i);
  });
  return [...byLine]
    .sort((a, b) => a[0] - b[0])
    .slice(0, MAX_FIT_LINES)
    .map(([line, fits]) => ({ line, fits }));
}

/**
 * The run to show beside a file's code: the newest that reached a fit with a known line. A run
 * that failed before training leaves the previous chart in place. `runs` is newest first.
 */
export function runToShow(runs: readonly RunRecord[]): RunRecord | undefined {
  return runs.find((r) => fitLines(r).length > 0);
}

/** The newest run older than `shown` that trained at a line (by fit order), for comparison. */
export function previousRun(runs: readonly RunRecord[], shown: RunRecord): RunRecord | undefined {
  return runs.find((r) => r.id !== shown.id && r.startedAt < shown.startedAt && fitLines(r).length > 0);
}

/** The same line's fits in an earlier run: matched by the position of the line among the run's fit lines. */
export function matchingFits(previous: RunRecord, shown: RunRecord, group: FitLine): FitLine | undefined {
  const index = fitLines(shown).findIndex((g) => g.line === group.line);
  const prev = fitLines(previous);
  return prev.find((g) => g.line === group.line) ?? (index >= 0 ? prev[index] : undefined);
}

function finiteOrNaN(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

/** Training loss of the fits, oldest first: per batch, smoothed; per epoch when no batch was seen. */
export function lossValues(run: RunRecord, fits: readonly number[]): number[] {
  const out: number[] = [];
  for (const i of fits) {
    const fit = fitAt(run, i);
    if (!fit) continue;
    if (fit.batchLoss.length > 0) {
      const smoothed = emaSmooth(
        fit.batchLoss.map(([, loss]) => (loss === null ? null : loss)),
        INLINE_SMOOTHING,
      );
      out.push(...smoothed.map(finiteOrNaN));
    } else {
      out.push(...fit.epochLogs.map((logs) => finiteOrNaN(logs?.loss)));
    }
  }
  return out;
}

/** Metrics of the last finished epoch of the fits. */
export function finalLogs(run: RunRecord, fits: readonly number[]): Logs | undefined {
  for (let k = fits.length - 1; k >= 0; k--) {
    const fit = fitAt(run, fits[k]);
    if (fit && fit.epochLogs.length > 0) return fit.epochLogs[fit.epochLogs.length - 1];
  }
  return undefined;
}

function isAccuracy(name: string): boolean {
  return /acc(uracy)?$/i.test(name.replace(/^val_/, ''));
}

/** A metric for a small space: accuracy in percent, other values with three significant digits. */
export function compactMetric(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (isAccuracy(name)) return `${(value * 100).toFixed(1)} %`;
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/**
 * Every metric of an epoch for the hover, in the order a learner compares them: the loss, the
 * other training metrics, then their validation twins in the same order; accuracies in percent.
 */
export function metricsInOrder(logs: Logs): { name: string; text: string }[] {
  const names = Object.keys(logs);
  const training = names.filter((n) => !n.startsWith('val_')).sort((a, b) => Number(b === 'loss') - Number(a === 'loss'));
  const validation = training.map((n) => `val_${n}`).filter((n) => n in logs);
  const rest = names.filter((n) => n.startsWith('val_') && !validation.includes(n));
  return [...training, ...validation, ...rest].map((name) => {
    const value = logs[name];
    const text = isAccuracy(name) && typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(2)} %` : formatMetric(value);
    return { name, text };
  });
}

/** `loss 0.031 · acc 99.0 %`: the loss and, when it is another metric, the headline one. */
export function metricsSummary(logs: Logs | undefined): string {
  if (!logs) return '';
  const parts: string[] = [];
  if ('loss' in logs) parts.push(`loss ${compactMetric('loss', logs.loss)}`);
  const headline = headlineMetric(logs);
  if (headline && headline.name !== 'loss') parts.push(`${shortName(headline.name)} ${compactMetric(headline.name, headline.value)}`);
  return parts.join(' · ');
}

function shortName(name: string): string {
  return name.replace(/accuracy$/, 'acc');
}

/** `just now`, `2 min ago`, `3 h ago`, `yesterday`, `4 days ago`. */
export function relativeTime(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 45) return 'just now';
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.round(s / 3600);
  if (h < 24) return `${h} h ago`;
  const days = Math.round(s / 86400);
  if (days === 1) return 'yesterday';
  if (days < 30) return `${days} days ago`;
  const months = Math.round(days / 30);
  return months < 12 ? `${months} mo ago` : `${Math.round(days / 365)} y ago`;
}

/** Where the fits of a line are in a running run: `epoch 3/10`. */
function fitPosition(run: RunRecord, fits: readonly number[]): string | undefined {
  const last = [...fits].reverse().map((i) => fitAt(run, i)).find((f) => f !== undefined);
  if (!last) return undefined;
  return `epoch ${Math.min(last.currentEpoch, last.epochs)}/${last.epochs}`;
}

function latestLoss(run: RunRecord, fits: readonly number[]): number | undefined {
  for (let k = fits.length - 1; k >= 0; k--) {
    const fit = fitAt(run, fits[k]);
    const p = fit?.batchLoss[fit.batchLoss.length - 1];
    if (p && typeof p[1] === 'number') return p[1];
  }
  return undefined;
}

/** The text after the sparkline: final metrics, or the live loss and epoch while training. */
export function inlineText(run: RunRecord, group: FitLine): string {
  const summary = metricsSummary(finalLogs(run, group.fits));
  if (run.status.kind === 'running') {
    const where = fitPosition(run, group.fits);
    const loss = latestLoss(run, group.fits);
    const live = loss !== undefined ? `loss ${compactMetric('loss', loss)}` : summary;
    return [where, live].filter(Boolean).join(' · ');
  }
  const ended = run.status.kind === 'succeeded' ? '' : run.status.kind === 'stopped' ? 'stopped' : 'failed';
  return [summary, ended].filter(Boolean).join(' · ');
}

/** The CodeLens above the line: `loss 0.031 · acc 99.0 % · 2 min ago`. */
export function lensText(run: RunRecord, group: FitLine, now: number): string {
  if (run.status.kind === 'running') return `$(loading~spin) ${inlineText(run, group) || 'training'}`;
  const summary = inlineText(run, group);
  const when = relativeTime(run.startedAt + (run.durationMs ?? 0), now);
  return [summary || statusText(run), when].join(' · ');
}

/** Total batches a fit runs, when known: the x axis of its chart is progress through them. */
function fitLength(fit: FitRecord): number | undefined {
  if (!fit.batchesPerEpoch) return undefined;
  return fit.epochs * fit.batchesPerEpoch;
}

function thin(points: [number, number][], max: number): [number, number][] {
  if (points.length <= max) return points;
  const every = Math.ceil(points.length / max);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

/**
 * The hover chart's lines for a line's fits: training loss (per batch, smoothed) and validation
 * loss per epoch, with x the share of the planned training done, so a run in progress fills
 * the chart from the left and runs of different lengths compare at the same place.
 */
export function chartLines(run: RunRecord, fits: readonly number[], previous: boolean): ChartLine[] {
  const live = fits.map((i) => fitAt(run, i)).filter((f): f is FitRecord => f !== undefined);
  const n = live.length;
  const training: [number, number][] = [];
  const validation: [number, number][] = [];
  live.forEach((fit, k) => {
    const at = (share: number) => (k + Math.min(1, share)) / n;
    const length = fitLength(fit);
    if (length && fit.batchLoss.length > 0) {
      const smoothed = emaSmooth(
        fit.batchLoss.map(([, y]) => y),
        INLINE_SMOOTHING,
      );
      fit.batchLoss.forEach(([step], j) => training.push([at(step / length), finiteOrNaN(smoothed[j])]));
    } else {
      fit.epochLogs.forEach((logs, e) => training.push([at((e + 1) / fit.epochs), finiteOrNaN(logs?.loss)]));
    }
    fit.epochLogs.forEach((logs, e) => {
      if (logs && 'val_loss' in logs) validation.push([at((e + 1) / fit.epochs), finiteOrNaN(logs.val_loss)]);
    });
  });
  const lines: ChartLine[] = [];
  if (training.length) lines.push({ points: thin(training, HOVER_POINTS), role: 'training', previous });
  if (validation.length) lines.push({ points: thin(validation, HOVER_POINTS), role: 'validation', previous });
  return lines;
}

/** The hover's facts line: `Finished · 0:42 · wasm` (the backend's details are in the status bar and panel). */
export function runFacts(run: RunRecord): string {
  const parts = [statusText(run)];
  if (run.durationMs !== undefined) parts.push(formatDuration(run.durationMs));
  if (run.backend) parts.push(run.backend);
  return parts.join(' · ');
}

/** Total epochs planned across a line's fits, for the chart's x label. */
export function plannedEpochs(run: RunRecord, fits: readonly number[]): number {
  return fits.reduce((sum, i) => sum + (fitAt(run, i)?.epochs ?? 0), 0);
}
