import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertSameOnWasmAndCpu, randomTensor, runOn, tf, wasmReady } from './kernelTestUtil';

describe('UnsortedSegmentSum on wasm matches the cpu backend', () => {
  before(wasmReady);

  it('sums rows into segments, with repeated ids and empty segments', async () => {
    await assertSameOnWasmAndCpu('rank 2', () =>
      tf.unsortedSegmentSum(randomTensor([6, 3], 21), tf.tensor1d([0, 2, 0, 4, 2, 2], 'int32'), 6),
    );
    await assertSameOnWasmAndCpu('rank 3', () =>
      tf.unsortedSegmentSum(randomTensor([5, 3, 4], 22), tf.tensor1d([1, 0, 1, 3, 3], 'int32'), 5),
    );
    await assertSameOnWasmAndCpu('1-D int32 values', () =>
      tf.unsortedSegmentSum(tf.tensor1d([1, 2, 3, 4], 'int32'), tf.tensor1d([1, 1, 0, 1], 'int32'), 2),
    );
  });

  it('drops ids outside [0, numSegments) as TensorFlow does', async () => {
    const [out] = await runOn('wasm', () => tf.unsortedSegmentSum(tf.tensor1d([1, 2, 4, 8]), tf.tensor1d([0, -1, 1, 2], 'int32'), 2));
    assert.deepEqual(Array.from(out.values), [1, 4]);
  });

  it('is the gradient of gather, so an Embedding layer trains on wasm', async () => {
    await assertSameOnWasmAndCpu('gather gradient', () => {
      const table = randomTensor([10, 4], 23);
      const ids = tf.tensor2d([[1, 2, 3, 1], [9, 1, 0, 0]], [2, 4], 'int32');
      const r = randomTensor([2, 4, 4], 24);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), r)))(table);
    });
    await runOn('wasm', () => tf.zeros([1]));
    const model = tf.sequential({ layers: [tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5 }), tf.layers.flatten(), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = tf.tensor2d([[1, 2, 3, 4, 5], [1, 1, 2, 2, 9]]);
    const y = tf.tensor2d([[1], [-1]]);
    const first = (await model.trainOnBatch(x, y)) as number;
    let last = first;
    for (let i = 0; i < 20; i++) last = (await model.trainOnBatch(x, y)) as number;
    assert.ok(last < first, `loss ${first} → ${last}`);
    tf.dispose([x, y]);
    model.dispose();
  });
});
