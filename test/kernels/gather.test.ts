// GatherV2 along the first axis as row copies in the wasm heap (extension/worker/kernels/gather.ts):
// what model.fit does to take each batch out of the training set.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { randomTensor, runOn, tf, wasmReady } from './kernelTestUtil';

describe('GatherV2 on wasm', () => {
  before(wasmReady);

  const cases: { label: string; f: () => tf.Tensor }[] = [
    { label: 'a batch of images, rows repeated and out of order', f: () => tf.gather(randomTensor([10, 4, 4, 1], 1), tf.tensor1d([3, 0, 9, 3, 7], 'int32')) },
    { label: 'int32 labels', f: () => tf.gather(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([2, 0], 'int32')) },
    { label: 'bool rows', f: () => tf.gather(tf.tensor2d([[1, 0, 1], [0, 0, 1]], [2, 3], 'bool'), tf.tensor1d([1, 1, 0], 'int32')) },
    { label: 'a 1-D tensor with 2-D indices', f: () => tf.gather(tf.tensor1d([10, 20, 30, 40]), tf.tensor2d([[3, 1], [0, 2]], [2, 2], 'int32')) },
    { label: 'no indices', f: () => tf.gather(randomTensor([4, 3], 2), tf.tensor1d([], 'int32')) },
    // Stock kernel paths: another axis, batch dimensions.
    { label: 'axis 1', f: () => tf.gather(randomTensor([3, 5, 2], 3), tf.tensor1d([4, 0], 'int32'), 1) },
    { label: 'batch dimensions', f: () => tf.gather(randomTensor([2, 3, 4], 4), tf.tensor2d([[0, 2], [1, 1]], [2, 2], 'int32'), 1, 1) },
  ];
  for (const c of cases) {
    it(`${c.label}: the same values, shape and dtype as on cpu`, async () => {
      const [wasm] = await runOn('wasm', c.f);
      const [cpu] = await runOn('cpu', c.f);
      assert.deepEqual(wasm.shape, cpu.shape);
      assert.deepEqual(wasm.values, cpu.values);
    });
  }

  it('an index out of range is an error naming it, as on cpu, and leaks nothing', async () => {
    assert.ok(await tf.setBackend('wasm'));
    const x = randomTensor([4, 3], 5);
    const bad = tf.tensor1d([1, 4], 'int32');
    const before = tf.memory().numTensors;
    assert.throws(() => tf.gather(x, bad), /GatherV2: the index value 4 is not in \[0, 3\]/);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, bad]);
  });
});
