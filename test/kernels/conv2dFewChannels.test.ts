// The forward Conv2D with 1–3 input channels (a first layer over grey-scale or RGB images) runs
// in DeepDrill's few-channel SIMD kernel (conv2dFewChannels) on wasm: its values must equal the
// cpu backend's on every path of that kernel — pixel pairs, a last single column, taps skipped at
// padded borders, pixels that see no input at all, and output channels in blocks of 16 and of 4
// (the last one overlapping the block before).
import { it } from 'node:test';
import { assertSameOnWasmAndCpu, describeEachSimdBuild, randomTensor, tf } from './kernelTestUtil';

type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  { label: 'the seed CNN first layer (1 channel, 32 filters, valid)', x: [3, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { label: '1 channel, odd width, 17 filters (16 + a block of 4 overlapping it), same', x: [2, 9, 11, 1], filter: [3, 3, 1, 17], strides: 1, pad: 'same' },
  { label: '2 channels, 19 filters, explicit asymmetric padding', x: [2, 7, 8, 2], filter: [3, 2, 2, 19], strides: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  // Below 16 filters XNNPACK runs (fewChannelConvApplies): still the cpu's values.
  { label: '1 channel, 7 filters (XNNPACK)', x: [2, 6, 7, 1], filter: [3, 3, 1, 7], strides: 1, pad: 'same' },
  { label: '2 channels, stride 2, same, 21 filters (16 + 4 + 1)', x: [2, 10, 9, 2], filter: [3, 3, 2, 21], strides: 2, pad: 'same' },
  { label: '2 channels, strides [2, 3], even filter, 18 filters', x: [2, 9, 10, 2], filter: [2, 4, 2, 18], strides: [2, 3], pad: 'valid' },
  { label: '3 channels, 5×5 same, odd width, 35 filters (32 + 3 scalar)', x: [2, 7, 13, 3], filter: [5, 5, 3, 35], strides: 1, pad: 'same' },
  { label: '3 channels, stride 2, same, 32 filters', x: [2, 16, 15, 3], filter: [3, 3, 3, 32], strides: 2, pad: 'same' },
  {
    label: '3 channels, explicit padding wider than the filter (pixels that see no input)',
    x: [1, 4, 5, 3],
    filter: [2, 2, 3, 22],
    strides: 1,
    pad: [[0, 0], [3, 2], [0, 4], [0, 0]],
  },
  { label: '1 channel, a filter larger than the input, same', x: [2, 3, 3, 1], filter: [5, 5, 1, 16], strides: 1, pad: 'same' },
];

describeEachSimdBuild('conv2d with 1–3 input channels on wasm matches the cpu backend', () => {
  CASES.forEach((c, k) => {
    it(c.label, async () => {
      await assertSameOnWasmAndCpu(c.label, () => {
        const x = randomTensor(c.x, 11 + k) as tf.Tensor4D;
        const w = randomTensor(c.filter, 47 + k) as tf.Tensor4D;
        return tf.conv2d(x, w, c.strides, c.pad);
      });
    });
  });

  it('the gradients through a few-channel conv2d still match (the forward value feeds them)', async () => {
    await assertSameOnWasmAndCpu('conv2d + relu gradients', () => {
      const x = randomTensor([2, 8, 9, 3], 5) as tf.Tensor4D;
      const w = randomTensor([3, 3, 3, 20], 6) as tf.Tensor4D;
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))));
      const [dx, dw] = tf.grads(loss)([x, w]);
      return [loss(x, w), dx, dw];
    });
  });
});
