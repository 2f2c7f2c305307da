// Small generated datasets for first experiments: every one is seeded (the same seed gives
// the same points) and comes back in shuffled order, so `validationSplit` sees every class.
import * as tf from '@tensorflow/tfjs';
import { checkOptionNames, classLabels, Dataset, DatasetError, intOption, numberOption, pick, seedOption, splitDataset, splitRows, testFractionOption } from './dataset';
import { createRng, Rng } from './random';

export interface XorOptions {
  /** Number of points; the four corners are repeated in turn (default: just the 4 corners). */
  samples?: number;
  /** Standard deviation of Gaussian noise added to the inputs (default 0). */
  noise?: number;
  seed?: number;
}

export interface SpiralsOptions {
  /** Total number of points, shared evenly between the arms (default 300). */
  samples?: number;
  /** Number of arms, one class each (default 3). */
  classes?: number;
  /** Standard deviation of the noise on each point's angle (default 0.2). */
  noise?: number;
  seed?: number;
  /** Labels as one-hot [n, classes] instead of class indices [n]. */
  oneHot?: boolean;
  /** Share of the points held out as a test set (default 0: none). */
  testFraction?: number;
}

export interface MoonsOptions {
  /** Total number of points, half per moon (default 200). */
  samples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
  seed?: number;
  /** Share of the points held out as a test set (default 0: none). */
  testFraction?: number;
}

export interface CirclesOptions {
  /** Total number of points, half per circle (default 200). */
  samples?: number;
  /** Standard deviation of Gaussian noise added to each coordinate (default 0.05). */
  noise?: number;
  /** Radius of the inner circle relative to the outer one, in (0, 1) (default 0.5). */
  factor?: number;
  seed?: number;
  /** Share of the points held out as a test set (default 0: none). */
  testFraction?: number;
}

export interface SineOptions {
  /** Number of points, x drawn uniformly from [-π, π] (default 200). */
  samples?: number;
  /** Standard deviation of Gaussian noise added to sin(x) (default 0.1). */
  noise?: number;
  seed?: number;
  /** Share of the points held out as a test set (default 0: none). */
  testFraction?: number;
}

const XOR_CORNERS = [
  [0, 0, 0],
  [0, 1, 1],
  [1, 0, 1],
  [1, 1, 0],
] as const;

/** Binary labels as [n, 1] zeros and ones, what a sigmoid output with binaryCrossentropy takes. */
function binaryLabels(labels: ArrayLike<number>, rows: readonly number[]): tf.Tensor {
  return tf.tensor2d(pick(labels, rows), [rows.length, 1], 'float32');
}

function twoClassSet(xy: Float32Array, labels: Uint8Array, classNames: [string, string], testFraction: number, rng: Rng): Dataset {
  const split = splitRows(labels.length, testFraction, rng.shuffle, labels);
  return { ...splitDataset(xy, [2], split, (rows) => binaryLabels(labels, rows)), classNames };
}

/**
 * The XOR truth table: inputs [n, 2] of 0/1 corners, labels [n, 1] = x0 XOR x1. With
 * `samples`, the corners repeat in turn; with `noise`, Gaussian jitter moves the inputs.
 */
export async function xor(options: XorOptions = {}): Promise<Dataset> {
  checkOptionNames('xor', options, { samples: true, noise: true, seed: true });
  const samples = intOption('xor', 'samples', options.samples, 4, 1);
  const noise = numberOption('xor', 'noise', options.noise, 0, 0);
  const rng = createRng(seedOption('xor', options.seed));
  const x = new Float32Array(samples * 2);
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const [a, b, label] = XOR_CORNERS[i % 4];
    x[2 * i] = a + (noise > 0 ? noise * rng.normal() : 0);
    x[2 * i + 1] = b + (noise > 0 ? noise * rng.normal() : 0);
    y[i] = label;
  }
  return { xTrain: tf.tensor2d(x, [samples, 2], 'float32'), yTrain: tf.tensor2d(y, [samples, 1], 'float32'), classNames: ['0', '1'] };
}

/**
 * Interleaved spiral arms in 2-D (the CS231n toy set): inputs [n, 2], one class per arm;
 * labels as class indices [n] (or one-hot). A linear model cannot separate them.
 */
export async function spirals(options: SpiralsOptions = {}): Promise<Dataset> {
  checkOptionNames('spirals', options, { samples: true, classes: true, noise: true, seed: true, oneHot: true, testFraction: true });
  const samples = intOption('spirals', 'samples', options.samples, 300, 2);
  const classes = intOption('spirals', 'classes', options.classes, 3, 2, 100);
  const noise = numberOption('spirals', 'noise', options.noise, 0.2, 0);
  const testFraction = testFractionOption('spirals', options.testFraction, 0);
  const rng = createRng(seedOption('spirals', options.seed));
  if (samples < classes) throw new DatasetError(`spirals: samples (${samples}) must be at least classes (${classes}).`);

  const xy = new Float32Array(samples * 2);
  const labels = new Uint8Array(samples);
  let i = 0;
  for (let c = 0; c < classes; c++) {
    const perClass = Math.floor(samples / classes) + (c < samples % classes ? 1 : 0);
    for (let k = 0; k < perClass; k++, i++) {
      const t = perClass > 1 ? k / (perClass - 1) : 0;
      const radius = t;
      const angle = (c + t) * 4 + noise * rng.normal();
      xy[2 * i] = radius * Math.sin(angle);
      xy[2 * i + 1] = radius * Math.cos(angle);
      labels[i] = c;
    }
  }
  const split = splitRows(samples, testFraction, rng.shuffle, labels);
  const data = splitDataset(xy, [2], split, (rows) => classLabels(pick(labels, rows), classes, options.oneHot ?? false));
  return { ...data, classNames: Array.from({ length: classes }, (_, c) => `arm ${c}`) };
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons): inputs [n, 2], labels [n, 1]
 * with 0 for the upper moon and 1 for the lower one.
 */
export async function moons(options: MoonsOptions = {}): Promise<Dataset> {
  checkOptionNames('moons', options, { samples: true, noise: true, seed: true, testFraction: true });
  const samples = intOption('moons', 'samples', options.samples, 200, 2);
  const noise = numberOption('moons', 'noise', options.noise, 0.1, 0);
  const testFraction = testFractionOption('moons', options.testFraction, 0);
  const rng = createRng(seedOption('moons', options.seed));
  const upper = Math.floor(samples / 2);
  const lower = samples - upper;
  const xy = new Float32Array(samples * 2);
  const labels = new Uint8Array(samples);
  for (let i = 0; i < samples; i++) {
    const isLower = i >= upper;
    const k = isLower ? i - upper : i;
    const t = (Math.PI * k) / Math.max(1, (isLower ? lower : upper) - 1);
    xy[2 * i] = (isLower ? 1 - Math.cos(t) : Math.cos(t)) + noise * rng.normal();
    xy[2 * i + 1] = (isLower ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * rng.normal();
    labels[i] = isLower ? 1 : 0;
  }
  return twoClassSet(xy, labels, ['upper', 'lower'], testFraction, rng);
}

/**
 * A small circle inside a large one (as scikit-learn's make_circles): inputs [n, 2], labels
 * [n, 1] with 0 for the outer circle (radius 1) and 1 for the inner one (radius `factor`).
 */
export async function circles(options: CirclesOptions = {}): Promise<Dataset> {
  checkOptionNames('circles', options, { samples: true, noise: true, factor: true, seed: true, testFraction: true });
  const samples = intOption('circles', 'samples', options.samples, 200, 2);
  const noise = numberOption('circles', 'noise', options.noise, 0.05, 0);
  const factor = options.factor ?? 0.5;
  if (typeof factor !== 'number' || !(factor > 0 && factor < 1)) {
    throw new DatasetError(`circles: factor must be a number between 0 and 1 (exclusive), got ${String(options.factor)}.`);
  }
  const testFraction = testFractionOption('circles', options.testFraction, 0);
  const rng = createRng(seedOption('circles', options.seed));
  const outer = Math.floor(samples / 2);
  const inner = samples - outer;
  const xy = new Float32Array(samples * 2);
  const labels = new Uint8Array(samples);
  for (let i = 0; i < samples; i++) {
    const isInner = i >= outer;
    const k = isInner ? i - outer : i;
    const t = (2 * Math.PI * k) / (isInner ? inner : outer);
    const radius = isInner ? factor : 1;
    xy[2 * i] = radius * Math.cos(t) + noise * rng.normal();
    xy[2 * i + 1] = radius * Math.sin(t) + noise * rng.normal();
    labels[i] = isInner ? 1 : 0;
  }
  return twoClassSet(xy, labels, ['outer', 'inner'], testFraction, rng);
}

/** A noisy sine wave for regression: inputs x [n, 1] in [-π, π], targets sin(x) + noise [n, 1]. */
export async function sine(options: SineOptions = {}): Promise<Dataset> {
  checkOptionNames('sine', options, { samples: true, noise: true, seed: true, testFraction: true });
  const samples = intOption('sine', 'samples', options.samples, 200, 1);
  const noise = numberOption('sine', 'noise', options.noise, 0.1, 0);
  const testFraction = testFractionOption('sine', options.testFraction, 0);
  const rng = createRng(seedOption('sine', options.seed));
  const x = new Float32Array(samples);
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    x[i] = (rng.uniform() * 2 - 1) * Math.PI;
    y[i] = Math.sin(x[i]) + noise * rng.normal();
  }
  const split = splitRows(samples, testFraction, rng.shuffle);
  return splitDataset(x, [1], split, (rows) => tf.tensor2d(pick(y, rows), [rows.length, 1], 'float32'));
}
