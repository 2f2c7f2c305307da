// The state of one training run, folded from worker events. Pure: the extension host keeps it
// for the run history and the status bar, and the metrics webview folds the same events with
// the same function to draw its charts.

import type { BackendName, Logs, RunError, WorkerToHost } from './workerProtocol';

/** Per-batch points kept per fit; older points are thinned so a long run stays small. */
export const MAX_BATCH_POINTS = 2000;

export interface FitRecord {
  /** 1-based line of the call that trains, when known. */
  line?: number;
  epochs: number;
  batchesPerEpoch?: number;
  validation: boolean;
  /** One entry per finished epoch (index 0 is epoch 1). */
  epochLogs: Logs[];
  /** Per-batch training loss as [step, loss], thinned to at most MAX_BATCH_POINTS. */
  batchLoss: [number, number][];
  /** Keep every n-th batch point; doubles whenever the series is thinned. */
  batchStride: number;
  /** Latest epoch seen (1-based) and the last finished batch within it (-1: none yet), for progress. */
  currentEpoch: number;
  currentBatch: number;
  samplesPerSec?: number;
  startedAt: number;
}

export type RunStatus =
  | { kind: 'running' }
  | { kind: 'succeeded'; logs: Logs }
  | { kind: 'failed'; error: RunError }
  | { kind: 'stopped' };

export interface RunRecord {
  id: string;
  /** Absolute path of the trained file. */
  file: string;
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs?: number;
  backend?: BackendName;
  backendDetail?: string;
  fits: FitRecord[];
  status: RunStatus;
}

export function newRun(id: string, file: string, startedAt: number): RunRecord {
  return { id, file, startedAt, fits: [], status: { kind: 'running' } };
}

/** Folds one worker event into the run. Returns a new record; the input is not modified. */
export function applyEvent(run: RunRecord, e: WorkerToHost, now: number): RunRecord {
  switch (e.type) {
    case 'backend':
      return { ...run, backend: e.backend, backendDetail: e.detail };
    case 'fitStart': {
      // Fits are numbered in order; a gap would leave holes in every array built from them.
      if (e.fit > run.fits.length) return run;
      const fits = run.fits.slice();
      fits[e.fit] = {
        line: e.line,
        epochs: e.epochs,
        batchesPerEpoch: e.batchesPerEpoch,
        validation: e.validation,
        epochLogs: [],
        batchLoss: [],
        batchStride: 1,
        currentEpoch: 1,
        currentBatch: -1,
        startedAt: now,
      };
      return { ...run, fits };
    }
    case 'batch':
      return updateFit(run, e.fit, (fit) => {
        const loss = e.logs.loss;
        let batchLoss = fit.batchLoss;
        let batchStride = fit.batchStride;
        if (typeof loss === 'number' && e.step % batchStride === 0) {
          batchLoss = [...batchLoss, [e.step, loss]];
          if (batchLoss.length > MAX_BATCH_POINTS) {
            batchStride *= 2;
            batchLoss = batchLoss.filter(([step]) => step % batchStride === 0);
          }
        }
        return {
          ...fit,
          batchLoss,
          batchStride,
          currentEpoch: e.epoch,
          currentBatch: e.batch,
          samplesPerSec: e.samplesPerSec ?? fit.samplesPerSec,
        };
      });
    case 'epoch':
      return updateFit(run, e.fit, (fit) => {
        const epochLogs = fit.epochLogs.slice();
        epochLogs[e.epoch - 1] = e.logs;
        return { ...fit, epochLogs, currentEpoch: e.epoch };
      });
    case 'fitEnd':
    case 'log':
    // A describe run's answer, not part of training.
    case 'summary':
      return run;
    case 'end':
      return { ...run, backend: e.backend, durationMs: e.durationMs, status: { kind: 'succeeded', logs: e.logs } };
    case 'error':
      return {
        ...run,
        durationMs: now - run.startedAt,
        status: e.error.kind === 'stopped' ? { kind: 'stopped' } : { kind: 'failed', error: e.error },
      };
  }
}

function updateFit(run: RunRecord, index: number, f: (fit: FitRecord) => FitRecord): RunRecord {
  const fit = run.fits[index];
  if (!fit) return run;
  const fits = run.fits.slice();
  fits[index] = f(fit);
  return { ...run, fits };
}

/** Overall progress of a run in [0, 1], counting every fit seen so far equally. */
export function runProgress(run: RunRecord): number {
  const fits = run.fits.filter((f): f is FitRecord => f !== undefined);
  if (fits.length === 0) return 0;
  const last = fits[fits.length - 1];
  const perBatch = last.batchesPerEpoch ? (last.currentBatch + 1) / last.batchesPerEpoch : 0;
  const doneEpochs = last.epochLogs.length;
  const inFit = Math.min(1, (doneEpochs + (doneEpochs < last.currentEpoch ? perBatch : 0)) / Math.max(1, last.epochs));
  return (fits.length - 1 + inFit) / fits.length;
}

/** Estimated milliseconds left in the current fit, from its pace so far; undefined until known. */
export function fitEtaMs(fit: FitRecord, now: number): number | undefined {
  const total = fit.epochs * (fit.batchesPerEpoch ?? 0);
  if (!total) {
    const done = fit.epochLogs.length;
    if (done === 0) return undefined;
    return ((now - fit.startedAt) / done) * (fit.epochs - done);
  }
  const done = (fit.currentEpoch - 1) * (fit.batchesPerEpoch ?? 0) + fit.currentBatch + 1;
  if (done <= 0) return undefined;
  return ((now - fit.startedAt) / done) * Math.max(0, total - done);
}

/** The metrics of the last finished epoch of the run, across fits. */
export function lastLogs(run: RunRecord): Logs | undefined {
  for (let i = run.fits.length - 1; i >= 0; i--) {
    const fit = run.fits[i];
    if (fit && fit.epochLogs.length > 0) return fit.epochLogs[fit.epochLogs.length - 1];
  }
  return undefined;
}
