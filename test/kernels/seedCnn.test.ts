import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { seedCnn } from '../../extension/worker/kernels/profile';
import { randomTensor, relativeError, seeded, tf, wasmReady } from './kernelTestUtil';

const BATCH = 4;

/** A fixed batch of MNIST-shaped images with labels 0–9. */
function batch(): { x: tf.Tensor; y: tf.Tensor } {
  const x = tf.tidy(() => tf.relu(randomTensor([BATCH, 28, 28, 1], 41))); // non-negative, many exact zeros, like MNIST
  const y = tf.tensor2d(Array.from({ length: BATCH }, (_, i) => [i % 10]));
  return { x, y };
}

/** Builds the seed CNN on `backend` with the given starting weights, trains `steps` steps, returns losses and weights. */
async function train(backend: 'wasm' | 'cpu', initial: Float32Array[], steps: number): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await wasmReady();
  assert.ok(await tf.setBackend(backend));
  const model = seedCnn(tf);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
  const { x, y } = batch();
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push(((await model.trainOnBatch(x, y)) as number[])[0]);
  const weights = await Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data())));
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weights };
}

describe('the seed CNN trains on wasm like on cpu', () => {
  let initial: Float32Array[] = [];
  before(async () => {
    await wasmReady();
    // Starting weights that do not depend on either backend's random generator.
    const model = seedCnn(tf);
    initial = model.getWeights().map((w, i) => seeded(w.size, 100 + i).map((v) => v * Math.sqrt(3 / Math.max(1, w.shape.slice(0, -1).reduce((a, b) => a * b, 1)))));
    model.dispose();
  });

  it('loss decreases over a few steps on a fixed batch', async () => {
    const { losses } = await train('wasm', initial, 6);
    assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
    assert.ok(losses[losses.length - 1] < losses[0] * 0.9, `losses did not decrease: ${losses.map((l) => l.toFixed(3))}`);
  });

  it('three Adam steps give the same losses and weights as the cpu backend', async () => {
    const wasm = await train('wasm', initial, 3);
    const cpu = await train('cpu', initial, 3);
    wasm.losses.forEach((l, i) => assert.ok(Math.abs(l - cpu.losses[i]) < 1e-4 * Math.max(1, Math.abs(cpu.losses[i])), `loss ${i}: ${l} vs ${cpu.losses[i]}`));
    wasm.weights.forEach((w, i) => {
      const err = relativeError(w, cpu.weights[i]);
      assert.ok(err < 1e-4, `weight ${i} differs by ${err.toExponential(2)}`);
    });
  });

  it('a training step leaves tf.memory().numTensors unchanged', async () => {
    await wasmReady();
    assert.ok(await tf.setBackend('wasm'));
    const model = seedCnn(tf);
    const { x, y } = batch();
    await model.trainOnBatch(x, y); // the first step creates Adam's slots
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await model.trainOnBatch(x, y);
      assert.equal(tf.memory().numTensors, tensors, `after step ${i + 2}`);
    }
    tf.dispose([x, y]);
    model.dispose();
  });
});
