// The one protocol between a training worker (a forked Node process) and whoever started it:
// the extension host or the `deepdrill` command line. Both sides import this module; nothing
// else crosses the IPC channel.

/** What the user asked for; `auto` picks the fastest backend that loads. */
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
/** The backend actually in use. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Metric values by name, as tfjs reports them (`loss`, `acc`, `val_loss`, …). */
export type Logs = Record<string, number>;

// ---- host → worker ----------------------------------------------------------------------

/** Train one file. Sent once per worker; a worker trains one run and exits. */
export interface TrainRequest {
  type: 'train';
  /** Absolute path of the user's file: resolves relative imports and names the file in errors. */
  file: string;
  /** The file's text, which may differ from the disk (unsaved editor). */
  source: string;
  backend: BackendChoice;
  /** When set, replaces the `epochs` of every fit call. */
  epochs?: number;
  /** Folder that relative data paths (CSV files) are resolved against; defaults to the file's folder. */
  workspaceRoot?: string;
}

/** Ask the run to end early; the worker answers with `error` of kind `stopped` and exits. */
export interface StopRequest {
  type: 'stop';
}

export type HostToWorker = TrainRequest | StopRequest;

// ---- worker → host ----------------------------------------------------------------------

/** The backend was chosen and initialised. */
export interface BackendEvent {
  type: 'backend';
  backend: BackendName;
  /** Human-readable details, e.g. "WebAssembly SIMD, 1 thread" or why a faster backend was skipped. */
  detail: string;
}

/** A `fit`/`fitDataset` call began (the user's own call, or DeepDrill's for a factory module). */
export interface FitStartEvent {
  type: 'fitStart';
  /** 0-based index of this fit within the run. */
  fit: number;
  /** 1-based line in the user's file of the call that trains (the fit call, or the factory). */
  line?: number;
  epochs: number;
  /** Batches per epoch when known (unknown for some datasets). */
  batchesPerEpoch?: number;
  /** Training samples per epoch when known. */
  samples?: number;
  batchSize?: number;
  /** Whether validation metrics (`val_*`) will be reported each epoch. */
  validation: boolean;
}

/** A training batch ended. Throttled by the worker to a few dozen per second. */
export interface BatchEvent {
  type: 'batch';
  fit: number;
  /** 1-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** Batches since the start of this fit, 1-based (the x axis of per-batch charts). */
  step: number;
  logs: Logs;
  /** Training throughput over the recent batches. */
  samplesPerSec?: number;
}

/** An epoch ended; `logs` has training and validation metrics. */
export interface EpochEvent {
  type: 'epoch';
  fit: number;
  /** 1-based epoch. */
  epoch: number;
  logs: Logs;
  /** Milliseconds since the fit started. */
  elapsedMs: number;
}

/** A fit call returned. */
export interface FitEndEvent {
  type: 'fitEnd';
  fit: number;
  /** Metrics of the last epoch. */
  logs: Logs;
  /** tfjs memory right after the fit returned (lets tests and the log spot leaked tensors). */
  memory?: { numTensors: number };
}

/** Output of the user's code (console.*) or a notice from the worker. */
export interface LogEvent {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** The run finished. */
export interface EndEvent {
  type: 'end';
  backend: BackendName;
  /** Metrics of the last epoch of the last fit (plus test metrics when DeepDrill evaluated). */
  logs: Logs;
  durationMs: number;
}

export type RunErrorKind =
  /** The file does not parse or transpile. */
  | 'syntax'
  /** The user's code threw. */
  | 'runtime'
  /** No fit call ran and no model factory was exported. */
  | 'no-model'
  /** tfjs rejected a shape. */
  | 'shape'
  /** Loss became NaN or infinite. */
  | 'nan'
  /** The run was stopped by the user. */
  | 'stopped'
  /** The worker ran out of memory. */
  | 'oom'
  /** The worker died without saying why. */
  | 'crash'
  /** A requested backend or option is not available. */
  | 'backend'
  /** The request itself was malformed. */
  | 'bad-request';

/** Errors cross the boundary as data. */
export interface RunError {
  kind: RunErrorKind;
  /** What happened, in words a learner understands. */
  message: string;
  /** The user's file, when the error points into it. */
  file?: string;
  /** 1-based line in the user's file. */
  line?: number;
  /** 1-based column. */
  column?: number;
  /** What to do about it. */
  hint?: string;
  /** Stack with positions mapped back to the user's file, for the log. */
  stack?: string;
}

export interface ErrorEvent {
  type: 'error';
  error: RunError;
}

export type WorkerToHost =
  | BackendEvent
  | FitStartEvent
  | BatchEvent
  | EpochEvent
  | FitEndEvent
  | LogEvent
  | EndEvent
  | ErrorEvent;

/** Events that end a run: after one of these the worker exits. */
export function isFinalEvent(e: WorkerToHost): e is EndEvent | ErrorEvent {
  return e.type === 'end' || e.type === 'error';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Validates a message arriving from the other side of the IPC channel. */
export function isHostToWorker(x: unknown): x is HostToWorker {
  if (!isObject(x)) return false;
  if (x.type === 'stop') return true;
  return (
    x.type === 'train' &&
    typeof x.file === 'string' &&
    typeof x.source === 'string' &&
    typeof x.backend === 'string' &&
    (BACKEND_CHOICES as readonly string[]).includes(x.backend) &&
    (x.epochs === undefined || (typeof x.epochs === 'number' && Number.isInteger(x.epochs) && x.epochs > 0)) &&
    (x.workspaceRoot === undefined || typeof x.workspaceRoot === 'string')
  );
}

const WORKER_EVENT_TYPES = new Set(['backend', 'fitStart', 'batch', 'epoch', 'fitEnd', 'log', 'end', 'error']);

export function isWorkerToHost(x: unknown): x is WorkerToHost {
  return isObject(x) && typeof x.type === 'string' && WORKER_EVENT_TYPES.has(x.type);
}
