// The boundary between the training worker's main thread and its data-parallel replica thread
// (extension/worker/dataParallel.ts ⇄ dataParallelReplica.ts). Messages go over the Worker's
// port; bulk data (weights, the replica's half of a batch, its gradients and metrics) lives in
// a SharedArrayBuffer, and the main thread waits for a step's result with `Atomics.wait` on
// the control array, because tfjs calls a model's train function synchronously.

/** Slots of the control `Int32Array` (its own small SharedArrayBuffer). */
export const CTRL = {
  /** id of the last model the replica finished setting up; −id when that setup failed. */
  ready: 0,
  /** seq of the last step the replica finished. */
  done: 1,
  /** 0 when that step succeeded, 1 when it failed (the reason follows as a `stepFailed` message). */
  failed: 2,
  /** Tensors alive in the replica's tfjs after that step. */
  numTensors: 3,
  /** How long that step took the replica, in microseconds (to balance the split). */
  stepMicros: 4,
} as const;
export const CTRL_SLOTS = 5;

/**
 * Models each side keeps set up (the least recently set up goes first, on both sides alike), so
 * that a file alternating between models (trainOnBatch on two of them) does not rebuild them.
 */
export const MAX_MODELS = 4;

/** A tensor stored in the data buffer: byte offset, shape, dtype. */
export interface Slot {
  offset: number;
  shape: number[];
  dtype: 'float32' | 'int32';
}

/** main → replica: build this model (replaces any earlier one). */
export interface SetupMessage {
  type: 'setup';
  id: number;
  /** The id the same model had before (recompiled): the replica drops that one. */
  replaces?: number;
  /** `model.toJSON(null, false)`. */
  topology: object;
  /** The `loss` and `metrics` the model was compiled with (strings only). */
  loss: unknown;
  metrics: unknown;
  /** Shapes of `model.weights` and of `collectedTrainableWeights`, to check the rebuilt model. */
  weightShapes: number[][];
  trainableShapes: number[][];
}

/** main → replica: compute the loss, metrics and gradients of this half batch. */
export interface StepMessage {
  type: 'step';
  seq: number;
  /** The model set up under this id. */
  model: number;
  /** A new data buffer, when the old one became too small. */
  buffer?: SharedArrayBuffer;
  /** The model's current weights (all of `model.weights`, float32), in order. */
  weights: number[];
  /** Inputs, targets, sample weights: the train function's arguments, the replica's rows (null stays null). */
  data: (Slot | null)[];
  /** Where to write each trainable weight's gradient (float32). */
  grads: number[];
  /** Where to write the loss and metric values (float32, one each). */
  outs: number;
}

export type MainToReplica = SetupMessage | StepMessage;

/** replica → main: why a setup or a step failed (the control array already says that it did). */
export interface FailedMessage {
  type: 'setupFailed' | 'stepFailed';
  id: number;
  reason: string;
}

/** replica → main: the model set up under `id` is ready. */
export interface ReadyMessage {
  type: 'ready';
  id: number;
}

export type ReplicaToMain = FailedMessage | ReadyMessage;

const isNumArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => typeof n === 'number');
const isShapes = (v: unknown): v is number[][] => Array.isArray(v) && v.every(isNumArray);
const isSlot = (v: unknown): v is Slot => {
  const s = v as Slot;
  return typeof s === 'object' && s !== null && typeof s.offset === 'number' && isNumArray(s.shape) && (s.dtype === 'float32' || s.dtype === 'int32');
};

export function isMainToReplica(m: unknown): m is MainToReplica {
  const o = m as { [K in keyof SetupMessage | keyof StepMessage]?: unknown };
  if (typeof o !== 'object' || o === null) return false;
  if (o.type === 'setup') {
    return typeof o.id === 'number' && (o.replaces === undefined || typeof o.replaces === 'number') && typeof o.topology === 'object' && o.topology !== null && isShapes(o.weightShapes) && isShapes(o.trainableShapes);
  }
  if (o.type === 'step') {
    return (
      typeof o.seq === 'number' &&
      typeof o.model === 'number' &&
      (o.buffer === undefined || o.buffer instanceof SharedArrayBuffer) &&
      isNumArray(o.weights) &&
      Array.isArray(o.data) &&
      o.data.every((d) => d === null || isSlot(d)) &&
      isNumArray(o.grads) &&
      typeof o.outs === 'number'
    );
  }
  return false;
}

export function isReplicaToMain(m: unknown): m is ReplicaToMain {
  const o = m as { type?: unknown; id?: unknown; reason?: unknown };
  if (typeof o !== 'object' || o === null || typeof o.id !== 'number') return false;
  return o.type === 'ready' || ((o.type === 'setupFailed' || o.type === 'stepFailed') && typeof o.reason === 'string');
}
