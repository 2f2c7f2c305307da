import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Dataset } from '../../extension/worker/datasets/dataset';
import { mnist, mnistDataDir, mnistFrom } from '../../extension/worker/datasets/mnist';

function disposeDataset(d: Dataset): void {
  tf.dispose([d.xTrain, d.yTrain, ...(d.xTest ? [d.xTest] : []), ...(d.yTest ? [d.yTest] : [])]);
}

const dataDir = mnistDataDir();
const raw = (name: string) => new Uint8Array(readFileSync(join(dataDir, name)));

/** A valid small IDX pair made of the first `n` real training images, for corrupting. */
function smallIdx(n: number): { images: Uint8Array; labels: Uint8Array } {
  const images = raw('train-images-idx3-ubyte').slice(0, 16 + n * 784);
  const labels = raw('train-labels-idx1-ubyte').slice(0, 8 + n);
  new DataView(images.buffer).setUint32(4, n);
  new DataView(labels.buffer).setUint32(4, n);
  return { images, labels };
}

describe('mnist dataset', () => {
  const temp: string[] = [];
  function dirWith(files: Record<string, Uint8Array>): string {
    const dir = mkdtempSync(join(tmpdir(), 'deepdrill-mnist-'));
    temp.push(dir);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    return dir;
  }

  before(async () => {
    await tf.setBackend('cpu');
  });
  after(() => {
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('loads all 60 000 training and 10 000 test images as [n, 28, 28, 1] in [0, 1] with digit labels', async () => {
    const start = tf.memory().numTensors;
    const d = await mnist();
    try {
      assert.deepEqual(d.xTrain.shape, [60000, 28, 28, 1]);
      assert.deepEqual(d.yTrain.shape, [60000]);
      assert.deepEqual(d.xTest?.shape, [10000, 28, 28, 1]);
      assert.deepEqual(d.yTest?.shape, [10000]);
      assert.equal(d.xTrain.dtype, 'float32');
      assert.equal(d.yTrain.dtype, 'float32');
      assert.deepEqual(d.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      const [min, max] = tf.tidy(() => [d.xTrain.min().arraySync(), d.xTrain.max().arraySync()]) as number[];
      assert.equal(min, 0);
      assert.equal(max, 1);
      // Every digit appears in a plausible share (the real counts are 5421 … 6742 and 892 … 1135).
      const counts = (labels: Float32Array, n: number) => {
        const c = new Array<number>(10).fill(0);
        for (const l of labels) {
          assert.ok(Number.isInteger(l) && l >= 0 && l <= 9, `label ${l}`);
          c[l]++;
        }
        for (const k of c) assert.ok(k > n * 0.08 && k < n * 0.12, `class counts ${c.join(',')}`);
      };
      counts((await d.yTrain.data()) as Float32Array, 60000);
      counts((await d.yTest!.data()) as Float32Array, 10000);
    } finally {
      disposeDataset(d);
    }
    assert.equal(tf.memory().numTensors, start);
  });

  it('gives the first n images of each set as a subset, flattened or one-hot when asked', async () => {
    const start = tf.memory().numTensors;
    const d = await mnist({ trainSize: 500, testSize: 200, flatten: true, oneHot: true });
    assert.deepEqual(d.xTrain.shape, [500, 784]);
    assert.deepEqual(d.yTrain.shape, [500, 10]);
    assert.deepEqual(d.xTest?.shape, [200, 784]);
    assert.deepEqual(d.yTest?.shape, [200, 10]);
    const rowSums = tf.tidy(() => d.yTrain.sum(1).arraySync()) as number[];
    assert.ok(rowSums.every((s) => s === 1));
    const trainLabels = raw('train-labels-idx1-ubyte');
    const argmax = tf.tidy(() => d.yTrain.argMax(1).arraySync()) as number[];
    assert.deepEqual(argmax, Array.from(trainLabels.subarray(8, 508)));
    disposeDataset(d);

    const noTest = await mnist({ trainSize: 10, testSize: 0 });
    assert.deepEqual(noTest.xTrain.shape, [10, 28, 28, 1]);
    assert.equal(noTest.xTest, undefined);
    assert.equal(noTest.yTest, undefined);
    disposeDataset(noTest);
    assert.equal(tf.memory().numTensors, start);
  });

  it('matches the raw IDX bytes: first training and test image and label', async () => {
    const d = await mnist({ trainSize: 3, testSize: 3 });
    const check = async (x: tf.Tensor, y: tf.Tensor, prefix: string) => {
      const images = raw(`${prefix}-images-idx3-ubyte`);
      const labels = raw(`${prefix}-labels-idx1-ubyte`);
      const pixels = Array.from((await x.data()).subarray(0, 784), (v) => Math.round(v * 255));
      assert.deepEqual(pixels, Array.from(images.subarray(16, 16 + 784)));
      assert.ok(pixels.some((p) => p > 200), 'the first image has ink');
      assert.deepEqual(Array.from(await y.data()), Array.from(labels.subarray(8, 11)));
    };
    await check(d.xTrain, d.yTrain, 'train');
    await check(d.xTest!, d.yTest!, 't10k');
    assert.deepEqual(Array.from(await d.yTrain.data()), [5, 0, 4]); // MNIST's well-known first digits
    disposeDataset(d);
  });

  it('rejects subset sizes outside the data with a message naming the option', async () => {
    await assert.rejects(mnist({ trainSize: 0 }), /mnist: trainSize must be an integer from 1 to 60000, got 0/);
    await assert.rejects(mnist({ trainSize: 60001 }), /trainSize must be an integer from 1 to 60000/);
    await assert.rejects(mnist({ testSize: 2.5 }), /testSize must be an integer from 0 to 10000, got 2.5/);
  });

  it('reads a valid IDX folder, and names the file when one is missing or corrupt', async () => {
    const { images, labels } = smallIdx(10);
    const good = dirWith({ 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': labels });
    const d = await mnistFrom(good, { trainSize: 10, testSize: 0 });
    assert.deepEqual(d.xTrain.shape, [10, 28, 28, 1]);
    disposeDataset(d);

    const start = tf.memory().numTensors;
    const missingLabels = dirWith({ 'train-images-idx3-ubyte': images });
    await assert.rejects(mnistFrom(missingLabels, { trainSize: 10, testSize: 0 }), (err: Error) => {
      assert.match(err.message, /The MNIST file .*train-labels-idx1-ubyte is missing/);
      assert.match(err.message, /npm ci/);
      return true;
    });
    // A missing test file after the training set loaded leaves no tensors behind.
    await assert.rejects(mnistFrom(good, { trainSize: 10, testSize: 5 }), /t10k-images-idx3-ubyte is missing/);

    const wrongMagic = images.slice();
    wrongMagic[3] = 0x01;
    await assert.rejects(
      mnistFrom(dirWith({ 'train-images-idx3-ubyte': wrongMagic, 'train-labels-idx1-ubyte': labels }), { trainSize: 10, testSize: 0 }),
      /train-images-idx3-ubyte is corrupt: expected the IDX image magic number 2051, found 2049/,
    );
    await assert.rejects(
      mnistFrom(dirWith({ 'train-images-idx3-ubyte': images.slice(0, images.length - 100), 'train-labels-idx1-ubyte': labels }), { trainSize: 10, testSize: 0 }),
      /train-images-idx3-ubyte is corrupt: its header promises 10 images \(7856 bytes\) but it has 7756 bytes/,
    );
    await assert.rejects(
      mnistFrom(dirWith({ 'train-images-idx3-ubyte': images.slice(0, 10), 'train-labels-idx1-ubyte': labels }), { trainSize: 10, testSize: 0 }),
      /corrupt: it has 10 bytes, fewer than its 16-byte header/,
    );
    const badLabel = labels.slice();
    badLabel[8 + 4] = 12;
    await assert.rejects(
      mnistFrom(dirWith({ 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': badLabel }), { trainSize: 10, testSize: 0 }),
      /train-labels-idx1-ubyte is corrupt: label 4 is 12, not a digit 0–9/,
    );
    const fewerLabels = smallIdx(9).labels;
    await assert.rejects(
      mnistFrom(dirWith({ 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': fewerLabels }), { trainSize: 9, testSize: 0 }),
      /it has 10 images but .*train-labels-idx1-ubyte has 9 labels/,
    );
    await assert.rejects(mnistFrom(good, { trainSize: 11, testSize: 0 }), /it has only 10 images, 11 were asked for/);
    assert.equal(tf.memory().numTensors, start);
  });
});
