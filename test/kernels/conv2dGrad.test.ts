import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { assertSameOnWasmAndCpu, describeEachSimdBuild, randomTensor, runOn, tf, wasmReady } from './kernelTestUtil';

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: 'valid' },
  { x: [2, 7, 6, 3], filter: [3, 2, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'same' },
  // Odd size, stride 2, valid: the forward conv ignores the last row and column.
  { x: [3, 9, 7, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'valid' },
  // Even filter with 'same': asymmetric padding.
  { x: [2, 6, 6, 3], filter: [2, 2, 3, 2], strides: 2, pad: 'same' },
  { x: [2, 7, 7, 2], filter: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  // Explicit padding wider than the filter: the input gradient must crop, not pad.
  { x: [1, 4, 5, 2], filter: [2, 2, 2, 3], strides: 1, pad: [[0, 0], [3, 2], [0, 4], [0, 0]] },
  { x: [2, 6, 6, 2], filter: [1, 1, 2, 3], strides: 2, pad: 'valid' },
  { x: [1, 10, 11, 1], filter: [5, 5, 1, 2], strides: [3, 2], pad: 'same' },
  // The seed CNN's layers, smaller batch.
  { x: [4, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { x: [4, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
  // Output channels past the SIMD blocks (16 + 4 + 1; 8 + 4 + 3 with 4 input channels at a time),
  // input channels past the blocks of 4, stride 2 with 'same' padding.
  { x: [2, 9, 8, 3], filter: [3, 3, 3, 21], strides: 1, pad: 'same' },
  { x: [2, 9, 9, 6], filter: [3, 3, 6, 15], strides: 2, pad: 'same' },
  { x: [3, 8, 7, 8], filter: [2, 3, 8, 12], strides: [2, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  // DeepDrill's SIMD convolution (16·k output channels, ≥ 4 input channels), forward and as the
  // input gradient (16·k input channels, stride 1): odd widths (a last single column), implicit
  // 'same' and asymmetric explicit padding, strides, a filter wider than the input.
  { x: [2, 9, 7, 5], filter: [3, 3, 5, 16], strides: 1, pad: 'same' },
  { x: [2, 8, 9, 16], filter: [3, 2, 16, 32], strides: 2, pad: 'same' },
  { x: [3, 7, 7, 16], filter: [3, 3, 16, 16], strides: 1, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  { x: [2, 6, 5, 32], filter: [5, 5, 32, 16], strides: 1, pad: 'same' },
  { x: [1, 5, 11, 16], filter: [2, 4, 16, 48], strides: [1, 3], pad: 'valid' },
  // The input gradient's flipped filter (flipFilter) for a filter taller than wide, stride 1.
  { x: [2, 7, 9, 16], filter: [3, 2, 16, 32], strides: 1, pad: 'same' },
];

const name = (c: Case) => `x ${c.x.join('×')}, filter ${c.filter.join('×')}, stride ${c.strides}, pad ${JSON.stringify(c.pad)}`;

describeEachSimdBuild('conv2d gradients on wasm match the cpu backend', () => {
  for (const c of CASES) {
    it(`conv2d value and input/filter gradients: ${name(c)}`, async () => {
      await assertSameOnWasmAndCpu(name(c), () => {
        const x = randomTensor(c.x, 1) as tf.Tensor4D;
        const w = randomTensor(c.filter, 2) as tf.Tensor4D;
        const y = tf.conv2d(x, w, c.strides, c.pad);
        const r = randomTensor(y.shape, 3); // a non-uniform upstream gradient
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)))([x, w]);
        return [y, dx, dw];
      });
    });
  }
});

describe('conv2d layers on wasm', () => {
  before(wasmReady);

  it('conv2dTranspose (whose forward pass is Conv2DBackpropInput) and its gradients', async () => {
    for (const [stride, pad] of [[1, 'same'], [2, 'same'], [2, 'valid']] as const) {
      await assertSameOnWasmAndCpu(`conv2dTranspose stride ${stride} ${pad}`, () => {
        const x = randomTensor([2, 4, 5, 3], 4) as tf.Tensor4D;
        const w = randomTensor([3, 3, 2, 3], 5) as tf.Tensor4D;
        const outShape: [number, number, number, number] = pad === 'same' ? [2, 4 * stride, 5 * stride, 2] : [2, (4 - 1) * stride + 3, (5 - 1) * stride + 3, 2];
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, stride, pad);
        const y = f(x, w);
        const r = randomTensor(y.shape, 6);
        return [y, ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w])];
      });
    }
  });

  it('a Conv2D layer with bias and relu trains on wasm without leaking tensors', async () => {
    await runOn('wasm', () => tf.zeros([1]));
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), tf.layers.flatten(), tf.layers.dense({ units: 2 })],
    });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = randomTensor([4, 9, 9, 2], 7);
    const y = randomTensor([4, 2], 8);
    await model.trainOnBatch(x, y); // creates the optimizer's slots
    const count = tf.memory().numTensors;
    await model.trainOnBatch(x, y);
    assert.equal(tf.memory().numTensors, count);
    tf.dispose([x, y]);
    model.dispose();
  });
});
