import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fusedAdamStats } from '../../extension/worker/kernels/fusedAdam';
import { randomTensor, relativeError, seeded, tf, wasmReady } from './kernelTestUtil';

/**
 * A dense model from fixed weights: on wasm its gradients come from stock kernels only (every
 * product has all sides over 16, batchMatMul.ts's limit), so only the Adam update differs.
 */
function denseModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [20], units: 24, activation: 'relu' }),
      // A bias of 25: past the SIMD blocks of 4, a scalar tail.
      tf.layers.dense({ units: 25, activation: 'softmax' }),
    ],
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 70 + i).map((v) => v * 0.5), w.shape)));
  model.compile({ optimizer: tf.train.adam(0.01, 0.8, 0.95, 1e-6), loss: 'categoricalCrossentropy' });
  return model;
}

/** Trains `steps` batches on `backend` with the SIMD kernels on or off; returns the final weights. */
async function train(backend: 'wasm' | 'cpu', simd: boolean, steps: number, hold = false): Promise<{ weights: Float32Array[]; leaked: number; heldChanged?: boolean }> {
  await wasmReady();
  assert.ok(await tf.setBackend(backend));
  const saved = process.env.DEEPDRILL_SIMD_KERNELS;
  if (!simd) process.env.DEEPDRILL_SIMD_KERNELS = '0';
  try {
    const model = denseModel();
    const x = randomTensor([20, 20], 81);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 20 }, (_, i) => (i * 7) % 25), 'int32'), 25);
    // A tensor sharing the first layer's first moment buffer (as a learner's code holding the
    // optimizer's weights would): an in-place update would change it too.
    let held: tf.Tensor | undefined;
    if (hold) {
      await model.trainOnBatch(x, y); // creates Adam's moments
      // A reshape shares the buffer on wasm (a clone copies it).
      held = tf.reshape((model.optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[] }).accumulatedFirstMoment[0].variable, [-1]);
    }
    const heldBefore = held ? Float32Array.from(held.dataSync()) : undefined;
    await model.trainOnBatch(x, y); // creates Adam's moments
    const count = tf.memory().numTensors;
    for (let i = 1; i < steps; i++) await model.trainOnBatch(x, y);
    const leaked = tf.memory().numTensors - count;
    const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const heldChanged = held && heldBefore ? relativeError(Float32Array.from(held.dataSync()), heldBefore) !== 0 : undefined;
    tf.dispose([x, y, ...(held ? [held] : [])]);
    model.dispose();
    return { weights, leaked, heldChanged };
  } finally {
    if (saved === undefined) delete process.env.DEEPDRILL_SIMD_KERNELS;
    else process.env.DEEPDRILL_SIMD_KERNELS = saved;
  }
}

describe('Adam on wasm in one SIMD call per weight', () => {
  before(wasmReady);

  it('gives the stock tfjs update bit for bit, runs fused after the first step, leaks nothing', async () => {
    const before = { ...fusedAdamStats };
    const fused = await train('wasm', true, 4);
    // First step: tfjs creates the moments (its own update); the next 3 are fused.
    assert.equal(fusedAdamStats.fused - before.fused, 3);
    assert.equal(fusedAdamStats.stock - before.stock, 1);
    const stockBefore = fusedAdamStats.stock;
    const stock = await train('wasm', false, 4);
    assert.equal(fusedAdamStats.stock - stockBefore, 4);
    fused.weights.forEach((w, i) => assert.deepEqual(Array.from(w), Array.from(stock.weights[i]), `weight ${i}`));
    assert.equal(fused.leaked, 0);
  });

  it('matches the cpu backend within float tolerance', async () => {
    const wasm = await train('wasm', true, 4);
    const cpu = await train('cpu', true, 4);
    wasm.weights.forEach((w, i) => assert.ok(relativeError(w, cpu.weights[i]) < 1e-5, `weight ${i}: ${relativeError(w, cpu.weights[i])}`));
  });

  it('leaves a tensor that shares a moment\'s buffer untouched (tfjs\'s own update runs then)', async () => {
    const before = { ...fusedAdamStats };
    const held = await train('wasm', true, 3, true);
    assert.equal(held.heldChanged, false);
    // The step that creates the moments and the one that finds a moment shared run tfjs's update
    // (which moves the moment to a new buffer, so the next two steps are fused again).
    assert.equal(fusedAdamStats.stock - before.stock, 2);
    assert.equal(fusedAdamStats.fused - before.fused, 2);
    assert.equal(held.leaked, 0);
  });
});
