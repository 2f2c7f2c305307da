import { before, describe, it } from 'node:test';
import { assertSameOnWasmAndCpu, randomTensor, runOn, relativeError, tf, wasmReady } from './kernelTestUtil';
import assert from 'node:assert/strict';

type Pad = 'valid' | 'same';
interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number]; // [kh, kw, C, channel multiplier]
  strides: number;
  pad: Pad;
}

const CASES: Case[] = [
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: 'valid' },
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 1], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 2], filter: [3, 3, 2, 2], strides: 2, pad: 'same' },
  { x: [3, 9, 7, 2], filter: [3, 2, 2, 3], strides: 2, pad: 'valid' },
  { x: [2, 6, 6, 4], filter: [2, 2, 4, 1], strides: 2, pad: 'same' },
  { x: [2, 10, 9, 3], filter: [5, 5, 3, 2], strides: 1, pad: 'same' },
];

const name = (c: Case) => `x ${c.x.join('×')}, filter ${c.filter.join('×')}, stride ${c.strides}, pad ${c.pad}`;

describe('depthwise conv2d gradients on wasm match the cpu backend', () => {
  before(wasmReady);

  for (const c of CASES) {
    it(`depthwiseConv2d value and input/filter gradients: ${name(c)}`, async () => {
      await assertSameOnWasmAndCpu(name(c), () => {
        const x = randomTensor(c.x, 11) as tf.Tensor4D;
        const w = randomTensor(c.filter, 12) as tf.Tensor4D;
        const f = (a: tf.Tensor, b: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad);
        const y = f(x, w);
        const r = randomTensor(y.shape, 13);
        return [y, ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([x, w])];
      });
    });
  }

  it('separableConv2d gradients (depthwise then pointwise)', async () => {
    await assertSameOnWasmAndCpu('separableConv2d', () => {
      const x = randomTensor([2, 8, 7, 3], 14) as tf.Tensor4D;
      const dw = randomTensor([3, 3, 3, 2], 15) as tf.Tensor4D;
      const pw = randomTensor([1, 1, 6, 4], 16) as tf.Tensor4D;
      const f = (a: tf.Tensor, b: tf.Tensor, p: tf.Tensor) =>
        tf.separableConv2d(a as tf.Tensor4D, b as tf.Tensor4D, p as tf.Tensor4D, 1, 'same');
      const r = randomTensor([2, 8, 7, 4], 17);
      return tf.grads((a: tf.Tensor, b: tf.Tensor, p: tf.Tensor) => tf.sum(tf.mul(f(a, b, p), r)))([x, dw, pw]);
    });
  });

  // tfjs refuses gradients of dilated depthwise convs, and the cpu backend's backprop kernels
  // ignore dilation; a dilated filter is the same as a larger filter with zeros between its
  // taps, so the dilated kernels are checked against the cpu's undilated ones on that filter.
  for (const dilation of [2, 3]) {
    it(`dilation ${dilation}: the backprop kernels match an undilated zero-stuffed filter on cpu`, async () => {
      const [kh, kw, c, m] = [3, 2, 2, 2];
      const xShape: [number, number, number, number] = [2, 9, 8, c];
      const eh = (kh - 1) * dilation + 1;
      const ew = (kw - 1) * dilation + 1;
      // Inputs are made inside each run so that each backend holds its own copy.
      const filter = () => randomTensor([kh, kw, c, m], 18);
      const stuffed = () =>
        tf.tidy(() => {
          const zero = tf.zeros([eh, ew, c, m]).bufferSync();
          const w = filter().bufferSync();
          for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let a = 0; a < c; a++) for (let b = 0; b < m; b++) zero.set(w.get(i, j, a, b), i * dilation, j * dilation, a, b);
          return zero.toTensor();
        });
      for (const pad of ['valid', 'same'] as const) {
        const outH = pad === 'same' ? xShape[1] : xShape[1] - eh + 1;
        const outW = pad === 'same' ? xShape[2] : xShape[2] - ew + 1;
        const x = () => randomTensor(xShape, 19);
        const dy = () => randomTensor([2, outH, outW, c * m], 20);
        const common = { strides: [1, 1], pad };
        const wasm = await runOn('wasm', () => [
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dy(), filter: filter() }, { ...common, dilations: [dilation, dilation], inputShape: xShape }) as tf.Tensor,
          tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: x(), dy: dy() }, { ...common, dilations: [dilation, dilation], filterShape: [kh, kw, c, m] }) as tf.Tensor,
        ]);
        const cpu = await runOn('cpu', () => {
          const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: dy(), filter: stuffed() }, { ...common, dilations: [1, 1], inputShape: xShape }) as tf.Tensor;
          const dwBig = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: x(), dy: dy() }, { ...common, dilations: [1, 1], filterShape: [eh, ew, c, m] }) as tf.Tensor4D;
          const dw = tf.stridedSlice(dwBig, [0, 0, 0, 0], [eh, ew, c, m], [dilation, dilation, 1, 1]);
          return [dx, dw];
        });
        for (let k = 0; k < 2; k++) {
          assert.deepEqual(wasm[k].shape, cpu[k].shape);
          const err = relativeError(wasm[k].values, cpu[k].values);
          assert.ok(err <= 1e-4, `${pad}, output ${k}: differs by ${err}`);
        }
      }
    });
  }
});
