import { it } from 'node:test';
import { assertSameOnWasmAndCpu, describeEachSimdBuild, randomTensor, tf } from './kernelTestUtil';

describeEachSimdBuild('Sum on wasm matches the cpu backend', () => {
  it('over the leading axes of large tensors (bias gradients), with and without keepDims', async () => {
    await assertSameOnWasmAndCpu('conv bias gradient', () => tf.sum(randomTensor([16, 26, 26, 8], 51), [0, 1, 2]), 1e-5);
    await assertSameOnWasmAndCpu('seed CNN first bias gradient', () => tf.sum(randomTensor([8, 26, 26, 32], 62), [0, 1, 2]), 1e-5);
    await assertSameOnWasmAndCpu('12 columns', () => tf.sum(randomTensor([2000, 12], 63), [0]), 1e-5);
    await assertSameOnWasmAndCpu('keepDims', () => tf.sum(randomTensor([40, 30, 5], 52), [0, 1], true), 1e-5);
    await assertSameOnWasmAndCpu('axis 0, unsorted axis list', () => tf.sum(randomTensor([3000, 7], 53), [0]), 1e-5);
    await assertSameOnWasmAndCpu('negative axes', () => tf.sum(randomTensor([50, 40, 3], 54), [-2, -3]), 1e-5);
    await assertSameOnWasmAndCpu('dense bias gradient through tf.grads', () => {
      const x = randomTensor([1500, 6], 55);
      const b = randomTensor([6], 56);
      const r = randomTensor([1500, 6], 57);
      return tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.add(x, v), r)))(b);
    }, 1e-5);
  });

  it('every other sum (all axes, trailing or middle axes, small, int32) as before', async () => {
    await assertSameOnWasmAndCpu('all axes', () => tf.sum(randomTensor([40, 30, 5], 58)), 1e-5);
    await assertSameOnWasmAndCpu('trailing axis', () => tf.sum(randomTensor([40, 300], 59), 1), 1e-5);
    await assertSameOnWasmAndCpu('middle axis', () => tf.sum(randomTensor([4, 300, 5], 60), 1), 1e-5);
    await assertSameOnWasmAndCpu('small', () => tf.sum(randomTensor([8, 3], 61), 0), 1e-5);
    await assertSameOnWasmAndCpu('int32', () => tf.sum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), 0));
  });
});
