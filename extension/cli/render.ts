// What `deepdrill train` prints, as pure functions of the events and the folded run record
// (unit-tested): the JSON lines of --json, and the progress bar and lines for people.

import { formatDuration, formatMetric } from '../shared/runText';
import { fitEtaMs, type FitRecord, type RunRecord } from '../shared/runModel';
import type { Logs, RunError, WorkerToHost } from '../shared/workerProtocol';

/**
 * The --json line of an event, or undefined for events that are not printed (per-batch events:
 * they would flood the output). Every line is one JSON object with a `type`:
 * backend, fitStart, epoch, fitEnd, log, then exactly one end or error.
 */
export function jsonLine(e: WorkerToHost): string | undefined {
  switch (e.type) {
    case 'batch':
      return undefined;
    case 'error': {
      const { kind, message, file, line, column, hint } = e.error;
      return JSON.stringify({ type: 'error', kind, message, file, line, column, hint });
    }
    default:
      return JSON.stringify(e);
  }
}

/** `loss 0.1234  acc 0.9512  val_loss …`, training metrics first, then validation, then test. */
export function formatLogs(logs: Logs): string {
  const rank = (k: string): number => (k.startsWith('test_') ? 2 : k.startsWith('val_') ? 1 : 0);
  return Object.keys(logs)
    .sort((a, b) => rank(a) - rank(b))
    .map((k) => `${k} ${formatMetric(logs[k])}`)
    .join('  ');
}

export function progressBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

function currentFit(run: RunRecord): { fit: FitRecord; index: number } | undefined {
  for (let i = run.fits.length - 1; i >= 0; i--) {
    const fit = run.fits[i];
    if (fit) return { fit, index: i };
  }
  return undefined;
}

function fitLabel(run: RunRecord, index: number): string {
  return run.fits.length > 1 ? `fit ${index + 1} · ` : '';
}

/** The live line on a terminal: `Epoch 2/5 ███░░░ 120/469 loss 0.31 · 2 400 samples/s · ETA 0:42`. */
export function progressLine(run: RunRecord, now: number, columns: number): string | undefined {
  const current = currentFit(run);
  if (!current) return undefined;
  const { fit, index } = current;
  const done = fit.currentBatch + 1;
  const parts = [`${fitLabel(run, index)}Epoch ${Math.min(fit.currentEpoch, fit.epochs)}/${fit.epochs}`];
  if (fit.batchesPerEpoch) parts.push(`${progressBar(done / fit.batchesPerEpoch, 20)} ${done}/${fit.batchesPerEpoch}`);
  else parts.push(`batch ${done}`);
  const loss = fit.batchLoss[fit.batchLoss.length - 1];
  if (loss) parts.push(`loss ${formatMetric(loss[1])}`);
  const tail: string[] = [];
  if (fit.samplesPerSec !== undefined) tail.push(`${Math.round(fit.samplesPerSec)} samples/s`);
  const eta = fitEtaMs(fit, now);
  if (eta !== undefined) tail.push(`ETA ${formatDuration(eta)}`);
  const line = [parts.join(' '), ...tail].join(' · ');
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 2)) + '…' : line;
}

/** The line kept for each finished epoch. */
export function epochLine(run: RunRecord, fitIndex: number, epoch: number, logs: Logs, elapsedMs: number): string {
  const fit = run.fits[fitIndex];
  const of = fit ? `/${fit.epochs}` : '';
  return `${fitLabel(run, fitIndex)}Epoch ${epoch}${of}  ${formatLogs(logs)}  (${formatDuration(elapsedMs)})`;
}

/** `fit 1 at line 12: 5 epochs × 469 batches of 128, validating`. */
export function fitStartLine(e: Extract<WorkerToHost, { type: 'fitStart' }>): string {
  const at = e.line !== undefined ? ` at line ${e.line}` : '';
  const batches = e.batchesPerEpoch !== undefined ? ` × ${e.batchesPerEpoch} batches${e.batchSize ? ` of ${e.batchSize}` : ''}` : '';
  return `Fit ${e.fit + 1}${at}: ${e.epochs} epoch${e.epochs === 1 ? '' : 's'}${batches}${e.validation ? ', with validation' : ''}`;
}

/** `file.ts:12:5: error (shape): message` and the hint on its own line, like a compiler. */
export function errorText(error: RunError, trainedFile: string): string {
  const file = error.file ?? trainedFile;
  const where = error.line !== undefined ? `${file}:${error.line}${error.column !== undefined ? `:${error.column}` : ''}` : file;
  const lines = [error.kind === 'stopped' ? 'Training stopped.' : `${where}: error (${error.kind}): ${error.message}`];
  if (error.hint && error.kind !== 'stopped') lines.push(`  hint: ${error.hint}`);
  return lines.join('\n');
}

export function summaryLine(backend: string, logs: Logs, durationMs: number): string {
  const metrics = formatLogs(logs);
  return `Done in ${formatDuration(durationMs)} on ${backend}${metrics ? `: ${metrics}` : ''}`;
}
