import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertSameOnWasmAndCpu, describeEachSimdBuild, randomTensor, runOn, tf, tiedPoolInput } from './kernelTestUtil';

type Pad = 'valid' | 'same' | number;
const CASES: { x: [number, number, number, number]; size: number | [number, number]; strides: number | [number, number]; pad: Pad }[] = [
  { x: [1, 4, 4, 1], size: 2, strides: 2, pad: 'valid' },
  // The seed CNN's second pooling: odd input, the last row and column are not pooled.
  { x: [3, 11, 11, 5], size: 2, strides: 2, pad: 'valid' },
  // 2×2 stride 2 over even sizes with several channels: the unrolled path writes every input once.
  { x: [2, 8, 6, 3], size: 2, strides: 2, pad: 'same' },
  { x: [2, 7, 6, 3], size: 3, strides: 2, pad: 'same' },
  // Overlapping windows: one input can be the maximum of several windows.
  { x: [2, 6, 7, 2], size: 3, strides: 1, pad: 'valid' },
  { x: [2, 5, 5, 3], size: [2, 3], strides: [1, 2], pad: 'same' },
  { x: [1, 6, 6, 2], size: 3, strides: 2, pad: 1 },
  // Channels in blocks of 4 (DeepDrill's SIMD kernel): the seed CNN's first pooling, smaller
  // batch, and an odd size whose last row and column get no gradient.
  { x: [4, 26, 26, 32], size: 2, strides: 2, pad: 'valid' },
  { x: [3, 11, 9, 8], size: 2, strides: 2, pad: 'valid' },
  { x: [2, 6, 6, 4], size: 2, strides: 2, pad: 'same' },
];

describeEachSimdBuild('MaxPoolGrad on wasm matches the cpu backend', () => {
  for (const c of CASES) {
    const label = `x ${c.x.join('×')}, size ${c.size}, stride ${c.strides}, pad ${c.pad}`;
    it(`maxPool value and gradient: ${label}`, async () => {
      await assertSameOnWasmAndCpu(label, () => {
        const x = randomTensor(c.x, 31) as tf.Tensor4D;
        const f = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, c.size, c.strides, c.pad);
        const r = randomTensor(f(x).shape, 32);
        return [f(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), r)))(x)];
      }, 1e-6);
    });
  }

  it('with tied maxima the gradient goes to the first maximum of each window, as on cpu', async () => {
    // NaN is never a maximum: its window's gradient is dropped, as on cpu.
    const f = () => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))(tiedPoolInput());
    const [wasm] = await runOn('wasm', f);
    const [cpu] = await runOn('cpu', f);
    const firstChannel = [1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    assert.deepEqual(Array.from(cpu.values).filter((_, i) => i % 4 === 0), firstChannel);
    assert.deepEqual(Array.from(wasm.values), Array.from(cpu.values));
  });
});
