// Turns whatever the user's code threw into a RunError that points at the user's own file and
// line, with a hint a learner can act on.

import type { RunError, RunErrorKind } from '../shared/workerProtocol';
import { fitErrorLines } from './fitObserver';
import type { UserSourceMap } from './sourceMap';

const SHAPE_MESSAGE = /\bshapes?\b|\brank\b|\bdimensions?\b|\bndim\b/i;
/** What V8 and WebAssembly throw when an allocation fails without killing the process. */
const MEMORY_MESSAGE = /out of memory|could not allocate|Array buffer allocation failed|Cannot enlarge memory|Invalid typed array length/i;
/** tfjs ops refuse int32 where they compute in floats, e.g. int32 labels in sparseCategoricalCrossentropy. */
const DTYPE_MESSAGE = /must be (float32|int32|bool) tensor, but got (float32|int32|bool|string|complex64) tensor/;
const DTYPE_HINT =
  "Cast the tensor to the type tfjs asks for, e.g. labels.cast('float32') (or create it as one: tf.tensor1d(values, 'float32')). Labels and targets are float32 in tfjs, also when they hold class indices.";
/** Browser code sets a browser backend: `Backend name 'webgl' not found in registry`. */
const MISSING_BACKEND = /^Backend name '([^']+)' not found in registry/;
const MISSING_BACKEND_HINT =
  "DeepDrill trains in Node, where tfjs has the backends 'wasm', 'cpu' and, with @tensorflow/tfjs-node installed, 'tensorflow' (WebGL and WebGPU exist only in a browser). Remove the tf.setBackend call: the setting deepdrill.backend chooses the backend.";

/** A value used as the wrong thing: `model.train is not a function`, `Cannot read properties of undefined`. */
const TYPE_ERROR_HINT =
  'Check the name at that line and what the value holds there: a misspelt method (tf.LayersModel has fit, fitDataset, predict, evaluate, trainOnBatch) or a variable that is still undefined.';
const REFERENCE_ERROR_HINT = 'Check the spelling of the name, and that it is declared or imported before that line.';

const HINTS: Partial<Record<RunErrorKind, string>> = {
  oom: 'Use a smaller batch size, fewer or smaller layers, or a subset of the data (e.g. mnist({ trainSize: 10000 })).',
  shape:
    "Compare the data's shapes with the model's: the first layer's inputShape must match one sample of x, and the last layer's units must match the labels (one-hot labels need categoricalCrossentropy, class indices need sparseCategoricalCrossentropy).",
};

export interface ErrorContext {
  file: string;
  map: UserSourceMap | undefined;
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  try {
    return `a non-error value was thrown: ${JSON.stringify(err)}`;
  } catch {
    return `a non-error value was thrown: ${String(err)}`;
  }
}

/**
 * tfjs reports shape mistakes as plain Errors (or ValueErrors) that talk about shapes. A
 * TypeError or ReferenceError that mentions one — `reading 'shape'` of undefined, `x.shape is
 * not iterable` — is a plain bug in the learner's code, and the shape hint would mislead.
 */
function isShapeComplaint(err: unknown, message: string): boolean {
  if (err instanceof TypeError || err instanceof ReferenceError || err instanceof SyntaxError) return false;
  return SHAPE_MESSAGE.test(message);
}

/** By name: the learner's module may run in another realm, whose TypeError is not this one's. */
function errorName(err: unknown): string | undefined {
  return err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? String((err as { name: unknown }).name) : undefined;
}

/** `kind` is a default; tfjs shape complaints become kind `shape` whatever the caller expected. */
export function toRunError(err: unknown, ctx: ErrorContext, kind: RunErrorKind = 'runtime'): RunError {
  const message = messageOf(err);
  const stack = err instanceof Error ? err.stack : undefined;
  const position = ctx.map?.firstUserFrame(stack);
  const fitLine = typeof err === 'object' && err !== null ? fitErrorLines.get(err) : undefined;
  const finalKind: RunErrorKind =
    kind !== 'runtime' ? kind : MEMORY_MESSAGE.test(message) ? 'oom' : isShapeComplaint(err, message) ? 'shape' : kind;
  const out: RunError = { kind: finalKind, message, file: ctx.file };
  // An error that came out of a fit points at that fit call: tfjs threw it from its own frames.
  if (fitLine !== undefined) {
    out.line = fitLine;
  } else if (position) {
    out.file = position.file;
    out.line = position.line;
    out.column = position.column;
  }
  const hint =
    HINTS[finalKind] ??
    (DTYPE_MESSAGE.test(message) ? DTYPE_HINT : MISSING_BACKEND.test(message) ? MISSING_BACKEND_HINT : errorName(err) === 'ReferenceError' ? REFERENCE_ERROR_HINT : errorName(err) === 'TypeError' ? TYPE_ERROR_HINT : undefined);
  if (hint) out.hint = hint;
  if (stack) out.stack = ctx.map ? ctx.map.rewriteStack(stack) : stack;
  return out;
}
