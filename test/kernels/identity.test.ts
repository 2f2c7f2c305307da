// `Identity` (tf.clone, and every tensor the engine saves for the backward pass) shares its
// input's buffer on wasm instead of copying it (extension/worker/kernels/identity.ts). A clone
// must still behave as a copy: same values, alive after the original is disposed, unchanged when
// the original's variable is updated by the optimizer, and no buffer left behind.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { randomTensor, tf, wasmReady } from './kernelTestUtil';

describe('Identity on wasm', () => {
  before(async () => {
    await wasmReady();
    assert.ok(await tf.setBackend('wasm'));
  });

  it('a clone shares the buffer, outlives its original and frees it last', () => {
    const backend = tf.backend() as BackendWasm;
    const buffers = backend.numDataIds();
    const x = randomTensor([3, 5, 7], 1);
    const expected = Float32Array.from(x.dataSync());
    const c = tf.clone(x);
    assert.equal(backend.numDataIds(), buffers + 1, 'the clone shares the buffer');
    assert.equal(backend.refCount(x.dataId), 2);
    x.dispose();
    assert.deepEqual(Float32Array.from(c.dataSync()), expected);
    assert.deepEqual(c.shape, [3, 5, 7]);
    c.dispose();
    assert.equal(backend.numDataIds(), buffers, 'the buffer is freed with its last tensor');
  });

  it('a cast to the same dtype shares the buffer like a clone; other casts convert, to bool as x ≠ 0', () => {
    const backend = tf.backend() as BackendWasm;
    const buffers = backend.numDataIds();
    const x = tf.tensor1d([1.5, -2.25, 0], 'float32');
    const i = tf.tensor1d([-3, 0, 256], 'int32');
    const intBools = tf.cast(i, 'bool');
    assert.deepEqual(Array.from(intBools.dataSync()), [1, 0, 1]);
    tf.dispose([i, intBools]);
    const same = tf.cast(x, 'float32');
    assert.equal(backend.numDataIds(), buffers + 1, 'shared');
    const ints = tf.cast(x, 'int32');
    const bools = tf.cast(x, 'bool');
    x.dispose();
    assert.deepEqual(Array.from(same.dataSync()), [1.5, -2.25, 0]);
    assert.equal(ints.dtype, 'int32');
    assert.deepEqual(Array.from(ints.dataSync()), [1, -2, 0]);
    assert.deepEqual(Array.from(bools.dataSync()), [1, 1, 0]);
    tf.dispose([same, ints, bools]);
    assert.equal(backend.numDataIds(), buffers, 'every buffer freed');
  });

  it('clones of int32 and bool tensors keep their values and types', () => {
    const i = tf.tensor1d([1, -2, 3], 'int32');
    const b = tf.tensor1d([true, false, true], 'bool');
    const [ci, cb] = [tf.clone(i), tf.clone(b)];
    tf.dispose([i, b]);
    assert.equal(ci.dtype, 'int32');
    assert.deepEqual(Array.from(ci.dataSync()), [1, -2, 3]);
    assert.equal(cb.dtype, 'bool');
    assert.deepEqual(Array.from(cb.dataSync()), [1, 0, 1]);
    tf.dispose([ci, cb]);
  });

  it("a clone of a weight and of Adam's moment stays unchanged while the model trains", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 8 })] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const x = randomTensor([16, 6], 2);
    const y = randomTensor([16, 8], 3);
    await model.trainOnBatch(x, y); // creates Adam's moments
    const moment = (model.optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[] }).accumulatedFirstMoment[0].variable;
    const weight = model.getWeights()[0];
    const heldMoment = tf.clone(moment);
    const heldWeight = tf.clone(weight);
    const [momentBefore, weightBefore] = [Float32Array.from(heldMoment.dataSync()), Float32Array.from(heldWeight.dataSync())];
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    assert.notDeepEqual(Float32Array.from(moment.dataSync()), momentBefore, 'the moment itself moved');
    assert.notDeepEqual(Float32Array.from(model.getWeights()[0].dataSync()), weightBefore, 'the weight itself moved');
    assert.deepEqual(Float32Array.from(heldMoment.dataSync()), momentBefore);
    assert.deepEqual(Float32Array.from(heldWeight.dataSync()), weightBefore);
    tf.dispose([heldMoment, heldWeight, x, y]);
    model.dispose();
  });
});
