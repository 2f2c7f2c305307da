// Output shapes and parameter counts of tfjs layers from their config alone, as tfjs computes
// them (tfjs-layers' computeOutputShape and build), for the language server's static analysis.
// Written by hand: no npm package computes tfjs layer shapes without loading tfjs and building
// the model, which the server must not do (the worker does, for exact figures).
//
// A config value the source does not spell out as a literal is UNKNOWN; an unknown input shape
// is null. Anything unknown makes the result unknown, never a guess, and only a known shape can
// raise a problem: false alarms are bugs.
import type { Shape } from './modelSummary';

export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;
/** A config value as far as the source shows it. `undefined` means the key is absent. */
export type ConfigValue = number | string | boolean | null | Unknown | ConfigValue[] | { [key: string]: ConfigValue };
export type LayerConfig = Record<string, ConfigValue>;

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/** Why a layer cannot take its input; raised only when the input shape is known. */
export interface ShapeProblem {
  code: 'input-rank' | 'nonpositive-dim' | 'merge-shape' | 'reshape-size';
  message: string;
  /** The config key the problem is about (the diagnostic points at it), when one is. */
  key?: string;
}

export interface LayerOutcome {
  /** null: not known statically. */
  outputShape: Shape | null;
  params: ParamCount | null;
  problem?: ShapeProblem;
}

/** How a layer factory of `tf.layers` maps to its class and its shape rule. */
interface LayerKind {
  className: string;
  /** The activation the layer applies when its config has none (undefined: it has no activation of its own). */
  defaultActivation?: string;
  /** Layers that take a list of inputs (`concatenate`, `add`, …). */
  merge?: boolean;
  /** Passes values through unchanged, so the activation before it is still the output's. */
  passThrough?: boolean;
  rule: (inputs: (Shape | null)[], cfg: LayerConfig, name: string) => LayerOutcome;
}

const unknownOutcome: LayerOutcome = { outputShape: null, params: null };

// ---- config readers --------------------------------------------------------------------------

/** A number, the default when absent, or null when unknown. */
function num(cfg: LayerConfig, key: string, fallback?: number): number | null {
  const v = cfg[key];
  if (v === undefined) return fallback ?? null;
  return typeof v === 'number' ? v : null;
}

function bool(cfg: LayerConfig, key: string, fallback: boolean): boolean | null {
  const v = cfg[key];
  if (v === undefined) return fallback;
  return typeof v === 'boolean' ? v : null;
}

function str(cfg: LayerConfig, key: string, fallback: string): string | null {
  const v = cfg[key];
  if (v === undefined) return fallback;
  return typeof v === 'string' ? v : null;
}

/** `kernelSize: 3` or `[3, 3]` as n numbers; null when unknown. */
function tuple(cfg: LayerConfig, key: string, n: number, fallback?: number[]): number[] | null {
  const v = cfg[key];
  if (v === undefined) return fallback ?? null;
  if (typeof v === 'number') return Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
  return null;
}

/** A shape literal like `[28, 28, 1]` (null entries allowed); null when unknown. */
export function shapeValue(v: ConfigValue | undefined): Shape | null {
  if (!Array.isArray(v)) return typeof v === 'number' ? [v] : null;
  if (!v.every((x) => typeof x === 'number' || x === null)) return null;
  return v as Shape;
}

/** The batch input shape a layer's config declares (`inputShape`, `batchInputShape`, `inputDim`, …), undefined when none. */
export function declaredInputShape(factory: string, cfg: LayerConfig): Shape | null | undefined {
  if (cfg.batchInputShape !== undefined) return shapeValue(cfg.batchInputShape);
  if (cfg.inputShape !== undefined) {
    const s = shapeValue(cfg.inputShape);
    return s && [null, ...s];
  }
  if (factory === 'embedding') {
    // tfjs gives an embedding a batch input shape of its own: [batch, inputLength].
    if (cfg.inputLength === undefined) return [null, null];
    const len = shapeValue(cfg.inputLength);
    return len && [null, ...len];
  }
  if (cfg.inputDim !== undefined) {
    const d = num(cfg, 'inputDim');
    return d === null ? null : [null, d];
  }
  return undefined;
}

// ---- shape maths ---------------------------------------------------------------------------

const fmt = (s: Shape): string => `[${s.map((d) => (d === null ? 'null' : d)).join(', ')}]`;

function convLength(length: number | null, kernel: number, padding: string, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  // tfjs computes 'causal' like 'valid' here (its summary shows that length), and so does this.
  const out = padding === 'same' ? length : length - dilated + 1;
  return Math.floor((out + stride - 1) / stride);
}

function deconvLength(length: number | null, kernel: number, padding: string, stride: number): number | null {
  if (length === null) return null;
  return padding === 'valid' ? length * stride + Math.max(kernel - stride, 0) : length * stride;
}

function product(dims: (number | null)[]): number | null {
  let p = 1;
  for (const d of dims) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}

function rankProblem(label: string, input: Shape, want: string, hint: string): ShapeProblem {
  return {
    code: 'input-rank',
    message: `${label} expects ${want} but gets ${fmt(input)} (rank ${input.length}). ${hint}`,
  };
}

const RANK_HINT = {
  4: 'Convolution and pooling layers need image-shaped input: move this layer before the flatten (or dense) layers, or reshape first with tf.layers.reshape({ targetShape: [height, width, channels] }); as the first layer it needs inputShape such as [28, 28, 1].',
  3: 'Recurrent and 1-D layers need a sequence: move this layer before the flatten (or dense) layers, or reshape first with tf.layers.reshape({ targetShape: [steps, features] }); as the first layer it needs inputShape such as [steps, features].',
} as const;

function checkRank(label: string, input: Shape, rank: number): ShapeProblem | undefined {
  if (input.length === rank) return undefined;
  const want =
    rank === 4 ? 'a 4-D input [batch, height, width, channels]' : rank === 3 ? 'a 3-D input [batch, steps, features]' : `a ${rank}-D input`;
  return rankProblem(label, input, want, rank === 4 || rank === 3 ? RANK_HINT[rank] : '');
}

function nonPositive(label: string, input: Shape, output: Shape, key: string, what: string): ShapeProblem | undefined {
  const spatial = output.slice(1, -1);
  if (!spatial.some((d) => d !== null && d <= 0)) return undefined;
  return {
    code: 'nonpositive-dim',
    key,
    message:
      `${label} turns ${fmt(input)} into ${fmt(output)}: the input is smaller than the ${what}, so nothing is left. ` +
      `Use padding: 'same', a smaller ${what}, or fewer downsampling layers before it.`,
  };
}

// ---- the rules -----------------------------------------------------------------------------

type Rule = LayerKind['rule'];

const single =
  (rule: (input: Shape, cfg: LayerConfig, name: string) => LayerOutcome): Rule =>
  (inputs, cfg, name) => {
    const input = inputs[0];
    if (inputs.length !== 1 || !input) return unknownOutcome;
    return rule(input, cfg, name);
  };

/** Output = input; no weights (dropout, activations, noise). */
const identity: Rule = (inputs) => ({ outputShape: inputs.length === 1 ? (inputs[0] ?? null) : null, params: { trainable: 0, nonTrainable: 0 } });

const dense = single((input, cfg, name) => {
  if (input.length < 2) return { outputShape: null, params: null, problem: rankProblem(name, input, 'an input of rank 2 or more [batch, features]', '') };
  const units = num(cfg, 'units');
  const bias = bool(cfg, 'useBias', true);
  const last = input[input.length - 1] ?? null;
  const outputShape = units === null ? null : [...input.slice(0, -1), units];
  const params = units === null || last === null || bias === null ? null : { trainable: last * units + (bias ? units : 0), nonTrainable: 0 };
  return { outputShape, params };
});

function conv(rank: 1 | 2, transpose = false): Rule {
  return single((input, cfg, name) => {
    const problem = checkRank(name, input, rank + 2);
    if (problem) return { outputShape: null, params: null, problem };
    const filters = num(cfg, 'filters');
    const kernel = tuple(cfg, 'kernelSize', rank);
    const strides = tuple(cfg, 'strides', rank, Array<number>(rank).fill(1));
    const dilation = tuple(cfg, 'dilationRate', rank, Array<number>(rank).fill(1));
    const padding = str(cfg, 'padding', 'valid');
    const bias = bool(cfg, 'useBias', true);
    if (str(cfg, 'dataFormat', 'channelsLast') !== 'channelsLast' || !kernel || !strides || !dilation || padding === null) return unknownOutcome;
    const spatial = input.slice(1, -1).map((len, i) =>
      transpose ? deconvLength(len, kernel[i]!, padding, strides[i]!) : convLength(len, kernel[i]!, padding, strides[i]!, dilation[i]!),
    );
    const outputShape: Shape | null = filters === null ? null : [input[0] ?? null, ...spatial, filters];
    const cin = input[input.length - 1] ?? null;
    const params =
      filters === null || cin === null || bias === null ? null : { trainable: product(kernel)! * cin * filters + (bias ? filters : 0), nonTrainable: 0 };
    const bad = outputShape && nonPositive(name, input, outputShape, 'kernelSize', 'kernel');
    return { outputShape, params, ...(bad ? { problem: bad } : {}) };
  });
}

function depthwise(separable: boolean): Rule {
  return single((input, cfg, name) => {
    const problem = checkRank(name, input, 4);
    if (problem) return { outputShape: null, params: null, problem };
    const kernel = tuple(cfg, 'kernelSize', 2);
    const strides = tuple(cfg, 'strides', 2, [1, 1]);
    const dilation = tuple(cfg, 'dilationRate', 2, [1, 1]);
    const padding = str(cfg, 'padding', 'valid');
    const multiplier = num(cfg, 'depthMultiplier', 1);
    const bias = bool(cfg, 'useBias', true);
    const filters = separable ? num(cfg, 'filters') : null;
    if (str(cfg, 'dataFormat', 'channelsLast') !== 'channelsLast' || !kernel || !strides || !dilation || padding === null || multiplier === null || bias === null)
      return unknownOutcome;
    const cin = input[3] ?? null;
    const spatial = [0, 1].map((i) => convLength(input[i + 1] ?? null, kernel[i]!, padding, strides[i]!, dilation[i]!));
    const channels = separable ? filters : cin === null ? null : cin * multiplier;
    const outputShape: Shape | null = separable && filters === null ? null : [input[0] ?? null, ...spatial, channels];
    let params: ParamCount | null = null;
    if (cin !== null && (!separable || filters !== null)) {
      const depth = kernel[0]! * kernel[1]! * cin * multiplier;
      const trainable = separable
        ? depth + cin * multiplier * filters! + (bias ? filters! : 0)
        : depth + (bias ? cin * multiplier : 0);
      params = { trainable, nonTrainable: 0 };
    }
    const bad = outputShape && nonPositive(name, input, outputShape, 'kernelSize', 'kernel');
    return { outputShape, params, ...(bad ? { problem: bad } : {}) };
  });
}

function pooling(rank: 1 | 2): Rule {
  return single((input, cfg, name) => {
    const problem = checkRank(name, input, rank + 2);
    if (problem) return { outputShape: null, params: null, problem };
    const pool = tuple(cfg, 'poolSize', rank, Array<number>(rank).fill(2));
    const strides = cfg.strides === undefined || cfg.strides === null ? pool : tuple(cfg, 'strides', rank);
    const padding = str(cfg, 'padding', 'valid');
    if (str(cfg, 'dataFormat', 'channelsLast') !== 'channelsLast' || !pool || !strides || padding === null) return unknownOutcome;
    const spatial = input.slice(1, -1).map((len, i) => convLength(len, pool[i]!, padding, strides[i]!));
    const outputShape: Shape = [input[0] ?? null, ...spatial, input[input.length - 1] ?? null];
    const bad = nonPositive(name, input, outputShape, 'poolSize', 'pool');
    return { outputShape, params: { trainable: 0, nonTrainable: 0 }, ...(bad ? { problem: bad } : {}) };
  });
}

function globalPooling(rank: 1 | 2): Rule {
  return single((input, cfg, name) => {
    const problem = checkRank(name, input, rank + 2);
    if (problem) return { outputShape: null, params: null, problem };
    if (str(cfg, 'dataFormat', 'channelsLast') !== 'channelsLast') return unknownOutcome;
    return { outputShape: [input[0] ?? null, input[input.length - 1] ?? null], params: { trainable: 0, nonTrainable: 0 } };
  });
}

const flatten = single((input, _cfg, name) => {
  if (input.length < 3) {
    return {
      outputShape: null,
      params: null,
      problem: rankProblem(name, input, 'an input of rank 3 or more', 'Its input is already flat: remove this flatten layer.'),
    };
  }
  return { outputShape: [input[0] ?? null, product(input.slice(1))], params: { trainable: 0, nonTrainable: 0 } };
});

const reshape = single((input, cfg, name) => {
  const target = shapeValue(cfg.targetShape);
  if (!target || target.some((d) => d === null)) return unknownOutcome;
  const dims = target as number[];
  const size = product(input.slice(1));
  const free = dims.filter((d) => d === -1).length;
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  // tfjs's model.summary() shows the -1 axis as null, so the figures here do too.
  const outDims: (number | null)[] = dims.map((d) => (d === -1 ? null : d));
  const outputShape: Shape = [input[0] ?? null, ...outDims];
  const params = { trainable: 0, nonTrainable: 0 };
  if (size !== null && free <= 1 && (free === 0 ? known !== size : known === 0 || size % known !== 0)) {
    return {
      outputShape: null,
      params,
      problem: {
        code: 'reshape-size',
        key: 'targetShape',
        message:
          `${name} cannot reshape ${fmt(input)} (${size} values per sample) to ${fmt([null, ...dims])} (${free ? `a multiple of ${known}` : known} values). ` +
          `The target shape must hold exactly ${size} values.`,
      },
    };
  }
  return { outputShape, params };
});

const batchNorm = single((input, cfg) => {
  const axis = num(cfg, 'axis', -1);
  const center = bool(cfg, 'center', true);
  const scale = bool(cfg, 'scale', true);
  if (axis === null || center === null || scale === null) return { outputShape: input, params: null };
  const c = input[axis < 0 ? input.length + axis : axis] ?? null;
  if (c === null) return { outputShape: input, params: null };
  return { outputShape: input, params: { trainable: c * ((center ? 1 : 0) + (scale ? 1 : 0)), nonTrainable: 2 * c } };
});

const layerNorm = single((input, cfg) => {
  const center = bool(cfg, 'center', true);
  const scale = bool(cfg, 'scale', true);
  const c = input[input.length - 1] ?? null;
  if (typeof cfg.axis !== 'undefined' || center === null || scale === null || c === null) return { outputShape: input, params: null };
  return { outputShape: input, params: { trainable: c * ((center ? 1 : 0) + (scale ? 1 : 0)), nonTrainable: 0 } };
});

const embedding = single((input, cfg) => {
  const inputDim = num(cfg, 'inputDim');
  const outputDim = num(cfg, 'outputDim');
  return {
    outputShape: outputDim === null ? null : [...input, outputDim],
    params: inputDim === null || outputDim === null ? null : { trainable: inputDim * outputDim, nonTrainable: 0 },
  };
});

/** SimpleRNN, GRU, LSTM: `gates` weight blocks of [features + units, units] plus bias. */
function recurrent(gates: number): Rule {
  return single((input, cfg, name) => {
    const problem = checkRank(name, input, 3);
    if (problem) return { outputShape: null, params: null, problem };
    const units = num(cfg, 'units');
    const sequences = bool(cfg, 'returnSequences', false);
    const bias = bool(cfg, 'useBias', true);
    const features = input[2] ?? null;
    const outputShape = units === null || sequences === null ? null : sequences ? [input[0] ?? null, input[1] ?? null, units] : [input[0] ?? null, units];
    const params =
      units === null || features === null || bias === null ? null : { trainable: gates * (units * (features + units) + (bias ? units : 0)), nonTrainable: 0 };
    // returnState adds outputs; their shapes are not followed statically.
    return cfg.returnState !== undefined && cfg.returnState !== false ? { outputShape: null, params } : { outputShape, params };
  });
}

const concatenate: Rule = (inputs, cfg, name) => {
  const axis = num(cfg, 'axis', -1);
  if (inputs.length < 2 || inputs.some((s) => s === null) || axis === null) return unknownOutcome;
  const shapes = inputs as Shape[];
  const rank = shapes[0]!.length;
  const a = axis < 0 ? rank + axis : axis;
  const mismatch = shapes.some((s) => s.length !== rank) || shapes.some((s) => s.some((d, i) => i !== a && d !== null && shapes[0]![i] !== null && d !== shapes[0]![i]));
  if (mismatch) {
    return {
      outputShape: null,
      params: null,
      problem: {
        code: 'merge-shape',
        message:
          `${name} joins ${shapes.map(fmt).join(' and ')} along axis ${axis}: every other axis must match. ` +
          'Flatten or reshape the inputs so that only the joined axis differs.',
      },
    };
  }
  const sizes = shapes.map((s) => s[a] ?? null);
  const outputShape = shapes[0]!.map((d, i) => (i === a ? product(sizes) === null ? null : sizes.reduce<number>((x, y) => x + y!, 0) : d ?? shapes.find((s) => s[i] !== null)?.[i] ?? null));
  return { outputShape, params: { trainable: 0, nonTrainable: 0 } };
};

/** add, multiply, average, maximum, minimum: elementwise with broadcasting, as tfjs's Merge. */
const elementwise: Rule = (inputs, _cfg, name) => {
  if (inputs.length < 2 || inputs.some((s) => s === null)) return unknownOutcome;
  const shapes = inputs.map((s) => s!.slice(1));
  let out: (number | null)[] = shapes[0]!;
  for (const s of shapes.slice(1)) {
    const longer = out.length >= s.length ? out : s;
    const shorter = out.length >= s.length ? s : out;
    const offset = longer.length - shorter.length;
    const next = [...longer];
    for (let i = 0; i < shorter.length; i++) {
      const x = longer[i + offset] ?? null;
      const y = shorter[i] ?? null;
      if (x === null || y === null) next[i + offset] = null;
      else if (x === 1) next[i + offset] = y;
      else if (y !== 1 && x !== y) {
        return {
          outputShape: null,
          params: null,
          problem: {
            code: 'merge-shape',
            message: `${name} combines ${inputs.map((t) => fmt(t!)).join(' and ')} element by element: their shapes must match. Give the branches the same number of units or filters.`,
          },
        };
      }
    }
    out = next;
  }
  return { outputShape: [null, ...out], params: { trainable: 0, nonTrainable: 0 } };
};

const upSampling = single((input, cfg, name) => {
  const problem = checkRank(name, input, 4);
  if (problem) return { outputShape: null, params: null, problem };
  const size = tuple(cfg, 'size', 2, [2, 2]);
  if (!size) return unknownOutcome;
  const scaled = [1, 2].map((i, j) => (input[i] === null || input[i] === undefined ? null : input[i]! * size[j]!));
  return { outputShape: [input[0] ?? null, ...scaled, input[3] ?? null], params: { trainable: 0, nonTrainable: 0 } };
});

const zeroPadding = single((input, cfg, name) => {
  const problem = checkRank(name, input, 4);
  if (problem) return { outputShape: null, params: null, problem };
  const p = cfg.padding;
  const pads = p === undefined ? [1, 1, 1, 1] : typeof p === 'number' ? [p, p, p, p] : tuple(cfg, 'padding', 2)?.flatMap((x) => [x, x]);
  if (!pads) return unknownOutcome;
  const grow = (d: number | null | undefined, a: number, b: number): number | null => (d === null || d === undefined ? null : d + a + b);
  return { outputShape: [input[0] ?? null, grow(input[1], pads[0]!, pads[1]!), grow(input[2], pads[2]!, pads[3]!), input[3] ?? null], params: { trainable: 0, nonTrainable: 0 } };
});

const repeatVector = single((input, cfg) => {
  const n = num(cfg, 'n');
  return { outputShape: n === null ? null : [input[0] ?? null, n, input[1] ?? null], params: { trainable: 0, nonTrainable: 0 } };
});

/** Layers whose weights or shapes this module does not follow: their output is unknown. */
const opaque: Rule = () => unknownOutcome;

const KINDS: Record<string, LayerKind> = {
  dense: { className: 'Dense', defaultActivation: 'linear', rule: dense },
  conv1d: { className: 'Conv1D', defaultActivation: 'linear', rule: conv(1) },
  conv2d: { className: 'Conv2D', defaultActivation: 'linear', rule: conv(2) },
  conv2dTranspose: { className: 'Conv2DTranspose', defaultActivation: 'linear', rule: conv(2, true) },
  depthwiseConv2d: { className: 'DepthwiseConv2D', defaultActivation: 'linear', rule: depthwise(false) },
  separableConv2d: { className: 'SeparableConv2D', defaultActivation: 'linear', rule: depthwise(true) },
  maxPooling1d: { className: 'MaxPooling1D', rule: pooling(1) },
  maxPooling2d: { className: 'MaxPooling2D', rule: pooling(2) },
  averagePooling1d: { className: 'AveragePooling1D', rule: pooling(1) },
  averagePooling2d: { className: 'AveragePooling2D', rule: pooling(2) },
  globalMaxPooling1d: { className: 'GlobalMaxPooling1D', rule: globalPooling(1) },
  globalMaxPooling2d: { className: 'GlobalMaxPooling2D', rule: globalPooling(2) },
  globalAveragePooling1d: { className: 'GlobalAveragePooling1D', rule: globalPooling(1) },
  globalAveragePooling2d: { className: 'GlobalAveragePooling2D', rule: globalPooling(2) },
  flatten: { className: 'Flatten', passThrough: true, rule: flatten },
  reshape: { className: 'Reshape', passThrough: true, rule: reshape },
  dropout: { className: 'Dropout', passThrough: true, rule: identity },
  spatialDropout1d: { className: 'SpatialDropout1D', passThrough: true, rule: identity },
  gaussianNoise: { className: 'GaussianNoise', rule: identity },
  gaussianDropout: { className: 'GaussianDropout', rule: identity },
  alphaDropout: { className: 'AlphaDropout', rule: identity },
  activation: { className: 'Activation', defaultActivation: 'linear', rule: identity },
  reLU: { className: 'ReLU', rule: identity },
  leakyReLU: { className: 'LeakyReLU', rule: identity },
  elu: { className: 'ELU', rule: identity },
  softmax: { className: 'Softmax', rule: identity },
  thresholdedReLU: { className: 'ThresholdedReLU', rule: identity },
  batchNormalization: { className: 'BatchNormalization', rule: batchNorm },
  layerNormalization: { className: 'LayerNormalization', rule: layerNorm },
  embedding: { className: 'Embedding', rule: embedding },
  simpleRNN: { className: 'SimpleRNN', defaultActivation: 'tanh', rule: recurrent(1) },
  gru: { className: 'GRU', defaultActivation: 'tanh', rule: recurrent(3) },
  lstm: { className: 'LSTM', defaultActivation: 'tanh', rule: recurrent(4) },
  concatenate: { className: 'Concatenate', merge: true, rule: concatenate },
  add: { className: 'Add', merge: true, rule: elementwise },
  multiply: { className: 'Multiply', merge: true, rule: elementwise },
  average: { className: 'Average', merge: true, rule: elementwise },
  maximum: { className: 'Maximum', merge: true, rule: elementwise },
  minimum: { className: 'Minimum', merge: true, rule: elementwise },
  upSampling2d: { className: 'UpSampling2D', rule: upSampling },
  zeroPadding2d: { className: 'ZeroPadding2D', rule: zeroPadding },
  repeatVector: { className: 'RepeatVector', rule: repeatVector },
  permute: { className: 'Permute', rule: opaque },
  prelu: { className: 'PReLU', rule: opaque },
  timeDistributed: { className: 'TimeDistributed', rule: opaque },
  bidirectional: { className: 'Bidirectional', rule: opaque },
  conv3d: { className: 'Conv3D', rule: opaque },
  cropping2D: { className: 'Cropping2D', rule: opaque },
};

/** The activation layers whose function is fixed by their class. */
const CLASS_ACTIVATION: Record<string, string> = { ReLU: 'relu', LeakyReLU: 'leakyReLU', ELU: 'elu', Softmax: 'softmax', ThresholdedReLU: 'thresholdedReLU' };

export function isLayerFactory(name: string): boolean {
  return Object.hasOwn(KINDS, name);
}

export function layerClassName(factory: string): string {
  return KINDS[factory]?.className ?? factory;
}

export function isMergeLayer(factory: string): boolean {
  return KINDS[factory]?.merge === true;
}

export function isPassThrough(factory: string): boolean {
  return KINDS[factory]?.passThrough === true;
}

/**
 * The activation the layer applies: the config's, its class's, or its default (`linear` for
 * dense and conv layers without one); undefined when the layer has none of its own or the
 * config's is not a literal string.
 */
export function layerActivation(factory: string, cfg: LayerConfig): string | undefined {
  const kind = KINDS[factory];
  if (!kind) return undefined;
  const fixed = CLASS_ACTIVATION[kind.className];
  if (fixed) return fixed;
  if (kind.defaultActivation === undefined) return undefined;
  const v = cfg.activation;
  if (v === undefined || v === null) return kind.defaultActivation;
  return typeof v === 'string' ? v : undefined;
}

/** The output shape and parameters of one application of a layer (`label` names it in messages). */
export function layerOutcome(factory: string, cfg: LayerConfig, inputs: (Shape | null)[], label: string): LayerOutcome {
  const kind = KINDS[factory];
  if (!kind) return unknownOutcome;
  return kind.rule(inputs, cfg, label);
}
