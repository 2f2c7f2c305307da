// The words DeepDrill uses for a run, shared by the status bar, the progress notification,
// error messages and the metrics panel so that they all say the same thing.

import { fitEtaMs, type FitRecord, type RunRecord } from './runModel';
import type { Logs, RunError } from './workerProtocol';

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Four significant digits, without trailing zeros noise; exponent form for tiny values. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

function liveFits(run: RunRecord): FitRecord[] {
  return run.fits.filter((f): f is FitRecord => f !== undefined && f !== null);
}

/** Where a running run is: `epoch 2/5`, with the fit when the script fits more than once. */
function position(run: RunRecord): string | undefined {
  const fits = liveFits(run);
  if (fits.length === 0) return undefined;
  const fit = fits[fits.length - 1];
  const epoch = `epoch ${Math.min(fit.currentEpoch, fit.epochs)}/${fit.epochs}`;
  return fits.length > 1 ? `fit ${fits.length} · ${epoch}` : epoch;
}

/**
 * Before the first fit: the worker is starting until it names its backend; after that the
 * learner's own code runs (loading data, building the model), which can take long or never end.
 */
function beforeFirstFit(run: RunRecord): string {
  return run.backend ? 'Running your code…' : 'Starting…';
}

/**
 * Why a finished run has no charts: the file trained by hand (trainOnBatch, optimizer.minimize)
 * or ran to its end without any fit. Undefined for a run that has something to chart.
 */
export function noFitNote(run: RunRecord | undefined): string | undefined {
  if (run?.status.kind !== 'succeeded' || liveFits(run).length > 0) return undefined;
  return 'The file ran to its end without calling model.fit() or model.fitDataset(), so there is nothing to chart: the charts follow those calls. The DeepDrill log has its output.';
}

/** One line saying what the run is doing or how it ended. */
export function statusText(run: RunRecord | undefined): string {
  if (!run) return 'No run yet';
  switch (run.status.kind) {
    case 'running': {
      const where = position(run);
      return where ? `Training · ${where}` : beforeFirstFit(run);
    }
    case 'succeeded':
      return 'Finished';
    case 'stopped':
      return 'Stopped';
    case 'failed':
      return `Failed: ${run.status.error.message}`;
  }
}

/** Milliseconds left in the fit in progress, when it can be estimated. */
export function runEtaMs(run: RunRecord, now: number): number | undefined {
  const fits = liveFits(run);
  return fits.length ? fitEtaMs(fits[fits.length - 1], now) : undefined;
}

/** The progress notification's line: `Epoch 2/5 · ETA 0:42`. */
export function progressText(run: RunRecord, now: number): string {
  const where = position(run);
  if (!where) return beforeFirstFit(run);
  const eta = runEtaMs(run, now);
  const text = where.charAt(0).toUpperCase() + where.slice(1);
  return eta === undefined ? text : `${text} · ETA ${formatDuration(eta)}`;
}

const HEADLINE_METRICS = ['val_acc', 'val_accuracy', 'acc', 'accuracy', 'val_loss', 'loss'];

/** The one metric worth showing in a small space: validation accuracy first, then accuracy, then loss. */
export function headlineMetric(logs: Logs | undefined): { name: string; value: number } | undefined {
  if (!logs) return undefined;
  const name = HEADLINE_METRICS.find((n) => typeof logs[n] === 'number') ?? Object.keys(logs).find((n) => typeof logs[n] === 'number');
  return name === undefined ? undefined : { name, value: logs[name] };
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The error as one sentence for a notification, saying where and, when known, what to do. */
export function describeRunError(error: RunError, trainedFile: string): string {
  const where = error.line !== undefined ? `${baseName(error.file ?? trainedFile)}:${error.line}` : baseName(error.file ?? trainedFile);
  const hint = error.hint ? ` ${error.hint}` : '';
  const message = error.message.replace(/\.?\s*$/, '.');
  switch (error.kind) {
    case 'syntax':
      return `${where} does not compile: ${message}${hint}`;
    case 'runtime':
      return `Training ${baseName(trainedFile)} failed at ${where}: ${message}${hint}`;
    case 'shape':
      return `Shape mismatch at ${where}: ${message}${hint}`;
    case 'nan':
      // The line is the fit's: the loss blew up in it, whatever line caused it.
      return `${error.line !== undefined ? `${where}: ` : ''}${message}${hint || ' Try a lower learning rate, or scale the inputs and targets.'}`;
    case 'no-model':
      return `Nothing to train in ${baseName(trainedFile)}: ${message}${hint}`;
    case 'oom':
      // The worker's own death message says "ran out of memory" already.
      return `${/out of memory/i.test(message) ? '' : `The training process ran out of memory${error.line !== undefined ? ` at ${where}` : ''}: `}${message}${hint || ' Try a smaller batch size or a subset of the data.'}`;
    case 'crash':
      return `The training process ended unexpectedly: ${message}${hint} The next run starts a fresh process.`;
    case 'backend':
      return `${message}${hint}`;
    case 'bad-request':
      return `DeepDrill could not start the run: ${message}${hint}`;
    case 'stopped':
      return 'Training stopped.';
  }
}
