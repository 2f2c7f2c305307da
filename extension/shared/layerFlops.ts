// FLOPs per sample of one tfjs layer, from its class, its config and its input and output shapes,
// and the totals of a model summary. Pure arithmetic, so the worker (exact shapes from a real
// model) and the language server (static shapes) count the same way. No npm library counts
// FLOPs of tfjs layers, hence these formulas, written out here.
//
// Conventions (those of Keras' and PyTorch's FLOP counters): a multiply-add is 2 FLOPs; bias
// adds and activations are left out (a small fraction of the multiply-adds); pooling counts one
// operation per window element; batch normalisation at inference is a scale and a shift per
// element; an embedding is a table lookup, 0 FLOPs; merges of n tensors cost n − 1 operations
// per output element; reshapes, dropout, flatten and concatenation cost nothing.

import type { LayerSummary, ModelTotals, Shape } from './modelSummary';

/** The config fields the formulas read; tfjs `layer.getConfig()` gives them under these names. */
export interface LayerConfig {
  units?: unknown;
  filters?: unknown;
  kernelSize?: unknown;
  poolSize?: unknown;
  depthMultiplier?: unknown;
  dataFormat?: unknown;
  returnSequences?: unknown;
  [key: string]: unknown;
}

const BYTES_PER_PARAM = 4;

/** Product of the known dimensions after the batch axis; an unknown one makes it undefined. */
export function elementsPerSample(shape: Shape | undefined): number | undefined {
  if (!shape) return undefined;
  let n = 1;
  for (const d of shape.slice(1)) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

function positiveInt(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) && x > 0 ? x : undefined;
}

/** `kernelSize: 3` or `[3, 3]` as `rank` numbers. */
function window(x: unknown, rank: number): number[] | undefined {
  if (positiveInt(x) !== undefined) return Array.from({ length: rank }, () => x as number);
  if (Array.isArray(x) && x.length === rank && x.every((v) => positiveInt(v) !== undefined)) return x as number[];
  return undefined;
}

const product = (xs: number[]): number => xs.reduce((a, b) => a * b, 1);

/** Channels and spatial size of a conv/pool tensor shape `[batch, …spatial, channels]` (or channels first). */
function splitChannels(shape: Shape, channelsFirst: boolean): { channels: number; spatial: number[] } | undefined {
  const dims = shape.slice(1);
  if (dims.length < 2 || dims.some((d) => typeof d !== 'number')) return undefined;
  const known = dims as number[];
  return channelsFirst ? { channels: known[0], spatial: known.slice(1) } : { channels: known[known.length - 1], spatial: known.slice(0, -1) };
}

const CONV_RANK: Record<string, number> = { Conv1D: 1, Conv2D: 2, Conv3D: 3, Conv2DTranspose: 2, DepthwiseConv2D: 2, SeparableConv2D: 2 };
const POOL_RANK: Record<string, number> = {
  MaxPooling1D: 1,
  AveragePooling1D: 1,
  MaxPooling2D: 2,
  AveragePooling2D: 2,
  MaxPooling3D: 3,
  AveragePooling3D: 3,
};
const GLOBAL_POOLS = new Set(['GlobalMaxPooling1D', 'GlobalAveragePooling1D', 'GlobalMaxPooling2D', 'GlobalAveragePooling2D']);
/** Multiply-adds of one recurrent step are `gates × (input·units + units·units)`. */
const RNN_GATES: Record<string, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };
const MERGES = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Subtract']);

/**
 * FLOPs of one forward pass of one sample through the layer, 0 when the layer costs (almost)
 * nothing or its class is unknown to these formulas, or when a shape it needs is unknown.
 */
export function layerFlops(className: string, config: LayerConfig, inputShapes: Shape[], outputShapes: Shape[]): number {
  const input = inputShapes[0];
  const output = outputShapes[0];
  if (!input || !output) return 0;
  const channelsFirst = config.dataFormat === 'channelsFirst';

  if (className === 'Dense') {
    const inUnits = input[input.length - 1];
    const units = positiveInt(config.units) ?? output[output.length - 1];
    // A Dense on [batch, steps, features] applies to every step.
    const positions = elementsPerSample(input.slice(0, -1));
    if (typeof inUnits !== 'number' || typeof units !== 'number' || positions === undefined) return 0;
    return 2 * positions * inUnits * units;
  }

  const convRank = CONV_RANK[className];
  if (convRank !== undefined) {
    const kernel = window(config.kernelSize, convRank);
    const inp = splitChannels(input, channelsFirst);
    const out = splitChannels(output, channelsFirst);
    if (!kernel || !inp || !out) return 0;
    const k = product(kernel);
    const outPositions = product(out.spatial);
    switch (className) {
      case 'DepthwiseConv2D': {
        // Each input channel is convolved with its own depthMultiplier filters.
        return 2 * outPositions * out.channels * k;
      }
      case 'SeparableConv2D': {
        const depthwiseChannels = inp.channels * (positiveInt(config.depthMultiplier) ?? 1);
        return 2 * outPositions * depthwiseChannels * k + 2 * outPositions * depthwiseChannels * out.channels;
      }
      case 'Conv2DTranspose':
        // Every input position scatters a kernel-sized patch into every output channel.
        return 2 * product(inp.spatial) * inp.channels * k * out.channels;
      default:
        return 2 * outPositions * out.channels * k * inp.channels;
    }
  }

  const poolRank = POOL_RANK[className];
  if (poolRank !== undefined) {
    const pool = window(config.poolSize, poolRank);
    const outElements = elementsPerSample(output);
    if (!pool || outElements === undefined) return 0;
    return outElements * product(pool);
  }
  if (GLOBAL_POOLS.has(className)) return elementsPerSample(input) ?? 0;

  if (className === 'BatchNormalization' || className === 'LayerNormalization') {
    return 2 * (elementsPerSample(output) ?? 0);
  }

  const gates = RNN_GATES[className];
  if (gates !== undefined) {
    // Input [batch, steps, features]; the cell runs once per step.
    const steps = input[1];
    const features = input[2];
    const units = positiveInt(config.units);
    if (typeof steps !== 'number' || typeof features !== 'number' || units === undefined) return 0;
    return 2 * steps * gates * (features * units + units * units);
  }

  if (MERGES.has(className)) {
    const outElements = elementsPerSample(output);
    return outElements === undefined ? 0 : Math.max(0, inputShapes.length - 1) * outElements;
  }
  if (className === 'Dot') {
    const a = inputShapes[0];
    const b = inputShapes[1];
    const outElements = elementsPerSample(output);
    const reduced = a && b ? a[a.length - 1] : undefined;
    return outElements !== undefined && typeof reduced === 'number' ? 2 * outElements * reduced : 0;
  }
  // Embedding (a lookup), Flatten, Reshape, Dropout, Activation, Concatenate, InputLayer, …
  return 0;
}

/** The totals of a list of layers (of one model level; nested models count once, as their layer). */
export function summaryTotals(layers: readonly LayerSummary[]): ModelTotals {
  let params = 0;
  let trainableParams = 0;
  let nonTrainableParams = 0;
  let flopsPerSample = 0;
  for (const l of layers) {
    params += l.params;
    trainableParams += l.trainableParams;
    nonTrainableParams += l.nonTrainableParams;
    flopsPerSample += l.flopsPerSample;
  }
  return { params, trainableParams, nonTrainableParams, flopsPerSample, weightBytes: params * BYTES_PER_PARAM };
}

/** `1.2 M`, `3.4 k`, `512`: counts for people. */
export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${trim(n / 1e9)} G`;
  if (abs >= 1e6) return `${trim(n / 1e6)} M`;
  if (abs >= 1e3) return `${trim(n / 1e3)} k`;
  return String(n);
}

/** `843.5 KiB`, `3.2 MiB`: memory for people. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${trim(n / 1024 ** 3)} GiB`;
  if (n >= 1024 ** 2) return `${trim(n / 1024 ** 2)} MiB`;
  if (n >= 1024) return `${trim(n / 1024)} KiB`;
  return `${n} B`;
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** `[null,26,26,32]` as Keras prints it; several outputs joined by commas. */
export function formatShapes(shapes: readonly Shape[]): string {
  return shapes.map((s) => JSON.stringify(s)).join(', ');
}
