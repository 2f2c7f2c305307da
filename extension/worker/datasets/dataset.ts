// What every built-in dataset returns, and the few pieces they share: option checks, seeded
// train/test splits, and turning plain typed arrays into tensors in one step (no intermediate
// tensors, so nothing can leak).
import * as tf from '@tensorflow/tfjs';

/** Tensors ready for `model.fit(xTrain, yTrain, { validationData: [xTest, yTest] })`. */
export interface Dataset {
  xTrain: tf.Tensor;
  yTrain: tf.Tensor;
  /** Held-out samples; absent when the dataset has no test split. */
  xTest?: tf.Tensor;
  yTest?: tf.Tensor;
  /** Names of the classes, indexed by label value (classification sets only). */
  classNames?: string[];
}

/** Thrown for bad options and bad data files; its message is meant for the learner as is. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** The seed used when the caller gives none, so that two runs of a file see the same data. */
export const DEFAULT_SEED = 42;

/** Every option name of T: the compiler checks the list is complete, the check below that nothing else is given. */
export type OptionNames<T> = Record<keyof Required<T>, true>;

/**
 * A misspelt option (`n` for `samples`) would otherwise be ignored without a word, and a
 * learner's own folder has no types to catch it.
 */
export function checkOptionNames<T extends object>(dataset: string, options: T, names: OptionNames<T>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new DatasetError(`${dataset}: options must be an object such as { ${Object.keys(names)[0]}: … }, got ${String(options)}.`);
  }
  const unknown = Object.keys(options).filter((k) => !Object.hasOwn(names, k));
  if (unknown.length > 0) {
    const list = unknown.map((k) => `'${k}'`).join(', ');
    throw new DatasetError(`${dataset}: unknown option${unknown.length > 1 ? 's' : ''} ${list}; ${dataset} takes ${Object.keys(names).join(', ')}.`);
  }
}

export function intOption(dataset: string, name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
    throw new DatasetError(`${dataset}: ${name} must be ${range}, got ${String(value)}.`);
  }
  return value;
}

export function numberOption(dataset: string, name: string, value: number | undefined, fallback: number, min: number, max = Infinity, maxInclusive = true): number {
  if (value === undefined) return fallback;
  const tooBig = maxInclusive ? value > max : value >= max;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || tooBig) {
    const upper = max === Infinity ? '' : maxInclusive ? ` and ≤ ${max}` : ` and < ${max}`;
    throw new DatasetError(`${dataset}: ${name} must be a number ≥ ${min}${upper}, got ${String(value)}.`);
  }
  return value;
}

export function seedOption(dataset: string, value: number | undefined): number {
  if (value === undefined) return DEFAULT_SEED;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DatasetError(`${dataset}: seed must be a number, got ${String(value)}.`);
  }
  return value;
}

/** A test fraction in [0, 1); 0 means no test split. */
export function testFractionOption(dataset: string, value: number | undefined, fallback: number): number {
  return numberOption(dataset, 'testFraction', value, fallback, 0, 1, false);
}

/**
 * Picks the test rows: within each class (or over all rows when `classOf` is absent) a
 * shuffled `testFraction` of the rows, at least one per class when the fraction is positive.
 * Both lists come back shuffled, because `validationSplit` in tfjs takes the LAST rows of the
 * training tensors as they are and would otherwise see a single class.
 */
export function splitRows(n: number, testFraction: number, shuffle: <T>(items: T[]) => T[], classOf?: ArrayLike<number>): { train: number[]; test: number[] } {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = classOf ? classOf[i] : 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = shuffle(groups.get(key) ?? []);
    let nTest = testFraction > 0 ? Math.max(1, Math.round(rows.length * testFraction)) : 0;
    if (nTest >= rows.length) nTest = rows.length - 1;
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  return { train: shuffle(train), test: shuffle(test) };
}

/** Copies the given rows of a row-major [n, width] array. */
export function takeRows(values: ArrayLike<number>, width: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    for (let j = 0; j < width; j++) out[i * width + j] = values[row * width + j];
  });
  return out;
}

/**
 * Class labels as a tensor: sparse float32 indices shaped [n] (what
 * `sparseCategoricalCrossentropy` and metric 'accuracy' take), or one-hot [n, numClasses].
 */
export function classLabels(labels: ArrayLike<number>, numClasses: number, oneHot: boolean): tf.Tensor {
  const n = labels.length;
  if (!oneHot) return tf.tensor1d(Float32Array.from(labels), 'float32');
  const out = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) out[i * numClasses + labels[i]] = 1;
  return tf.tensor2d(out, [n, numClasses], 'float32');
}

/** Builds train (and, when there are test rows, test) tensors from row-major features and per-row labels. */
export function splitDataset(
  features: ArrayLike<number>,
  featureShape: readonly number[],
  rows: { train: number[]; test: number[] },
  makeLabels: (rows: readonly number[]) => tf.Tensor,
): Pick<Dataset, 'xTrain' | 'yTrain' | 'xTest' | 'yTest'> {
  const width = featureShape.reduce((a, b) => a * b, 1);
  const x = (picked: number[]) => tf.tensor(takeRows(features, width, picked), [picked.length, ...featureShape], 'float32');
  const out: Pick<Dataset, 'xTrain' | 'yTrain' | 'xTest' | 'yTest'> = { xTrain: x(rows.train), yTrain: makeLabels(rows.train) };
  if (rows.test.length > 0) {
    out.xTest = x(rows.test);
    out.yTest = makeLabels(rows.test);
  }
  return out;
}

/** Gathers per-row class indices for the given rows. */
export function pick(labels: ArrayLike<number>, rows: readonly number[]): Float32Array {
  return Float32Array.from(rows, (row) => labels[row]);
}
