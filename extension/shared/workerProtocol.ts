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

import type { ModelSummary } from './modelSummary';
import { isModelSummary } from './modelSummaryValidation';

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

/**
 * Build the file's model without training it and describe it: the architecture diagram and
 * `deepdrill summary`. A script runs up to its first fit (which is not run); a module's factory
 * is called. Answered by one `summary` event, or an `error`, and the worker exits.
 */
export interface DescribeRequest {
  type: 'describe';
  file: string;
  source: string;
  backend: BackendChoice;
  workspaceRoot?: string;
}

/** What starts a worker: it does one of these and exits. */
export type WorkerRequest = TrainRequest | DescribeRequest;

export type HostToWorker = TrainRequest | DescribeRequest | StopRequest;

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

/** The answer to a DescribeRequest: the model the file builds. */
export interface SummaryEvent {
  type: 'summary';
  backend: BackendName;
  summary: ModelSummary;
}

export type WorkerToHost =
  | BackendEvent
  | FitStartEvent
  | BatchEvent
  | EpochEvent
  | FitEndEvent
  | LogEvent
  | EndEvent
  | ErrorEvent
  | SummaryEvent;

/** An event after which the worker exits. */
export type FinalEvent = EndEvent | ErrorEvent | SummaryEvent;

/** Events that end a run: after one of these the worker exits. */
export function isFinalEvent(e: WorkerToHost): e is FinalEvent {
  return e.type === 'end' || e.type === 'error' || e.type === 'summary';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** Validates a message arriving from the other side of the IPC channel. */
export function isHostToWorker(x: unknown): x is HostToWorker {
  if (!isObject(x)) return false;
  if (x.type === 'stop') return true;
  if (x.type === 'describe') {
    return (
      typeof x.file === 'string' &&
      typeof x.source === 'string' &&
      typeof x.backend === 'string' &&
      (BACKEND_CHOICES as readonly string[]).includes(x.backend) &&
      (x.workspaceRoot === undefined || typeof x.workspaceRoot === 'string')
    );
  }
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

const BACKEND_NAMES: readonly string[] = ['tensorflow', 'wasm', 'cpu'];
const ERROR_KINDS: readonly string[] = ['syntax', 'runtime', 'no-model', 'shape', 'nan', 'stopped', 'oom', 'crash', 'backend', 'bad-request'];
/** Far above any real run; keeps a corrupted index from growing arrays without end. */
const MAX_INDEX = 1e9;

const isCount = (x: unknown, min = 0): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= MAX_INDEX;
const isOptional = <T>(x: unknown, is: (x: unknown) => x is T): boolean => x === undefined || is(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number';
/** JSON turns NaN and ±Infinity into null, so a broken loss arrives as null. */
const isLogs = (x: unknown): x is Logs => isObject(x) && Object.values(x).every((v) => typeof v === 'number' || v === null);

function isRunError(x: unknown): x is RunError {
  return (
    isObject(x) &&
    isString(x.kind) &&
    ERROR_KINDS.includes(x.kind) &&
    isString(x.message) &&
    isOptional(x.file, isString) &&
    isOptional(x.line, (v): v is number => isCount(v, 1)) &&
    isOptional(x.column, (v): v is number => isCount(v, 1)) &&
    isOptional(x.hint, isString) &&
    isOptional(x.stack, isString)
  );
}

/**
 * Validates a message from the worker, field by field: the extension folds these into state it
 * keeps and shows, and a malformed one must be dropped, not break the run's bookkeeping.
 */
export function isWorkerToHost(x: unknown): x is WorkerToHost {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'backend':
      return isString(x.backend) && BACKEND_NAMES.includes(x.backend) && isString(x.detail);
    case 'fitStart':
      return (
        isCount(x.fit) &&
        isOptional(x.line, (v): v is number => isCount(v, 1)) &&
        isCount(x.epochs) &&
        isOptional(x.batchesPerEpoch, isCount) &&
        isOptional(x.samples, isCount) &&
        isOptional(x.batchSize, isCount) &&
        typeof x.validation === 'boolean'
      );
    case 'batch':
      return isCount(x.fit) && isCount(x.epoch, 1) && isCount(x.batch) && isCount(x.step, 1) && isLogs(x.logs) && isOptional(x.samplesPerSec, isNumber);
    case 'epoch':
      return isCount(x.fit) && isCount(x.epoch, 1) && isLogs(x.logs) && isNumber(x.elapsedMs);
    case 'fitEnd':
      return isCount(x.fit) && isLogs(x.logs) && isOptional(x.memory, (m): m is object => isObject(m) && isCount(m.numTensors));
    case 'log':
      return (x.level === 'info' || x.level === 'warn' || x.level === 'error') && isString(x.text);
    case 'end':
      return isString(x.backend) && BACKEND_NAMES.includes(x.backend) && isLogs(x.logs) && isNumber(x.durationMs);
    case 'error':
      return isRunError(x.error);
    case 'summary':
      return isString(x.backend) && BACKEND_NAMES.includes(x.backend) && isModelSummary(x.summary);
    default:
      return false;
  }
}
