// The history of finished runs, per file, as the extension keeps it on disk. Pure: the host
// reads and writes the file; everything about what goes in it lives here. The file is user
// state that may be hand-edited, half-written by a crash, or from another version, so loading
// validates every run and keeps what is sound instead of failing.

import type { FitRecord, RunRecord, RunStatus } from './runModel';
import type { BackendName, RunErrorKind } from './workerProtocol';

export const HISTORY_VERSION = 1;
export const DEFAULT_HISTORY_SIZE = 20;
/** Files whose latest run is older than the newest MAX_FILES files' are forgotten. */
export const MAX_FILES = 200;
/** Per-batch points kept per fit on disk: enough for a faded overlay, small enough for 20 runs. */
export const STORED_BATCH_POINTS = 500;

export interface RunHistory {
  version: typeof HISTORY_VERSION;
  /** Finished runs by absolute file path, newest first. */
  files: Record<string, RunRecord[]>;
}

export function emptyHistory(): RunHistory {
  return { version: HISTORY_VERSION, files: {} };
}

/** Runs of one file, newest first. */
export function runsOf(history: RunHistory, file: string): readonly RunRecord[] {
  return Object.prototype.hasOwnProperty.call(history.files, file) ? history.files[file] : [];
}

/**
 * Adds a finished run (replacing one with the same id), keeps the newest `limit` runs of its
 * file and the newest MAX_FILES files. Returns a new history.
 */
export function addRun(history: RunHistory, run: RunRecord, limit = DEFAULT_HISTORY_SIZE): RunHistory {
  const kept = runsOf(history, run.file).filter((r) => r.id !== run.id);
  const runs = [compactRun(run), ...kept].sort((a, b) => b.startedAt - a.startedAt).slice(0, Math.max(1, limit));
  return trimFiles({ version: HISTORY_VERSION, files: { ...history.files, [run.file]: runs } });
}

/** Applies a (possibly lowered) history size to every file. */
export function trimHistory(history: RunHistory, limit: number): RunHistory {
  const files: Record<string, RunRecord[]> = {};
  for (const [file, runs] of Object.entries(history.files)) files[file] = runs.slice(0, Math.max(1, limit));
  return { version: HISTORY_VERSION, files };
}

function trimFiles(history: RunHistory): RunHistory {
  const entries = Object.entries(history.files);
  if (entries.length <= MAX_FILES) return history;
  entries.sort((a, b) => (b[1][0]?.startedAt ?? 0) - (a[1][0]?.startedAt ?? 0));
  return { version: HISTORY_VERSION, files: Object.fromEntries(entries.slice(0, MAX_FILES)) };
}

/** Thins each fit's per-batch loss to at most `maxPoints`, keeping the first and last point. */
export function compactRun(run: RunRecord, maxPoints = STORED_BATCH_POINTS): RunRecord {
  if (run.fits.every((f) => !f || f.batchLoss.length <= maxPoints)) return run;
  return {
    ...run,
    fits: run.fits.map((fit) => {
      if (!fit || fit.batchLoss.length <= maxPoints) return fit;
      const every = Math.ceil(fit.batchLoss.length / maxPoints);
      const last = fit.batchLoss.length - 1;
      const batchLoss = fit.batchLoss.filter((_, i) => i % every === 0 || i === last);
      return { ...fit, batchLoss, batchStride: fit.batchStride * every };
    }),
  };
}

export function serializeHistory(history: RunHistory): string {
  return JSON.stringify(history);
}

export interface ParsedHistory {
  history: RunHistory;
  /** Runs that were present but malformed, and left out. */
  dropped: number;
  /** Why nothing could be read, when the file as a whole is unusable. */
  problem?: string;
}

/** Reads a history file's text. Never throws: a corrupt file gives an empty history and a problem. */
export function parseHistory(text: string): ParsedHistory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { history: emptyHistory(), dropped: 0, problem: `not valid JSON (${(e as Error).message})` };
  }
  if (!isObject(data) || !isObject(data.files)) {
    return { history: emptyHistory(), dropped: 0, problem: 'not a DeepDrill run history' };
  }
  if (data.version !== HISTORY_VERSION) {
    return { history: emptyHistory(), dropped: 0, problem: `unknown history version ${JSON.stringify(data.version)}` };
  }
  const files: Record<string, RunRecord[]> = {};
  let dropped = 0;
  for (const [file, runs] of Object.entries(data.files)) {
    if (!Array.isArray(runs)) {
      dropped++;
      continue;
    }
    const good = runs.filter((r): r is RunRecord => isRunRecord(r) && r.file === file);
    dropped += runs.length - good.length;
    if (good.length > 0) files[file] = good.sort((a, b) => b.startedAt - a.startedAt);
  }
  return { history: { version: HISTORY_VERSION, files }, dropped };
}

// ---- validation ---------------------------------------------------------------------------

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const ERROR_KINDS: readonly RunErrorKind[] = [
  'syntax',
  'runtime',
  'no-model',
  'shape',
  'nan',
  'stopped',
  'oom',
  'crash',
  'backend',
  'bad-request',
];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isOptional<T>(x: unknown, check: (v: unknown) => v is T): boolean {
  return x === undefined || check(x);
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

/** Metric values; JSON turns NaN and Infinity into null, which is kept as "no value". */
function isLogs(x: unknown): boolean {
  return isObject(x) && Object.values(x).every((v) => v === null || typeof v === 'number');
}

function isFitRecord(x: unknown): x is FitRecord {
  return (
    isObject(x) &&
    isFiniteNumber(x.epochs) &&
    typeof x.validation === 'boolean' &&
    Array.isArray(x.epochLogs) &&
    x.epochLogs.every(isLogs) &&
    Array.isArray(x.batchLoss) &&
    x.batchLoss.every((p) => Array.isArray(p) && p.length === 2 && isFiniteNumber(p[0]) && (p[1] === null || typeof p[1] === 'number')) &&
    isFiniteNumber(x.batchStride) &&
    isFiniteNumber(x.currentEpoch) &&
    isFiniteNumber(x.currentBatch) &&
    isFiniteNumber(x.startedAt) &&
    isOptional(x.line, isFiniteNumber) &&
    isOptional(x.batchesPerEpoch, isFiniteNumber) &&
    isOptional(x.samplesPerSec, isFiniteNumber)
  );
}

function isRunStatus(x: unknown): x is RunStatus {
  if (!isObject(x)) return false;
  switch (x.kind) {
    case 'running':
    case 'stopped':
      return true;
    case 'succeeded':
      return isLogs(x.logs);
    case 'failed':
      return (
        isObject(x.error) &&
        (ERROR_KINDS as readonly unknown[]).includes(x.error.kind) &&
        typeof x.error.message === 'string'
      );
    default:
      return false;
  }
}

export function isRunRecord(x: unknown): x is RunRecord {
  return (
    isObject(x) &&
    isString(x.id) &&
    isString(x.file) &&
    isFiniteNumber(x.startedAt) &&
    isOptional(x.durationMs, isFiniteNumber) &&
    (x.backend === undefined || (BACKENDS as readonly unknown[]).includes(x.backend)) &&
    isOptional(x.backendDetail, isString) &&
    Array.isArray(x.fits) &&
    x.fits.every(isFitRecord) &&
    isRunStatus(x.status)
  );
}
