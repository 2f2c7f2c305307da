import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Conv = (x: tfTypes.Tensor4D, filter: tfTypes.Tensor4D, stride: number) => tfTypes.Tensor4D;

export function checks(d: CheckDsl): DrillCheck[] {
  const sizeHint = 'The output is floor((height − kh) / stride) + 1 high and floor((width − kw) / stride) + 1 wide.';
  return [
    d.compare('one channel, stride 1', {
      call: 'conv2d',
      args: [d.normal([1, 5, 5, 1]), d.normal([3, 3, 1, 1]), 1],
      hint: `Each output is the sum over the kh × kw patch of x times the filter (no flipping). ${sizeHint}`,
    }),
    d.compare('channels in and out, a batch of two', {
      call: 'conv2d',
      args: [d.normal([2, 6, 6, 3]), d.normal([3, 3, 3, 4]), 1],
      cases: 2,
      hint: 'Sum over the input channels too; each output channel o uses its own filter[:, :, :, o]; keep the batch dimension.',
    }),
    d.compare('stride 2 on an odd size', {
      call: 'conv2d',
      args: [d.normal([1, 7, 7, 2]), d.normal([3, 3, 2, 3]), 2],
      hint: `Output position (i, j) starts at row i·stride, column j·stride. ${sizeHint}`,
    }),
    d.compare('a non-square image and filter', {
      call: 'conv2d',
      args: [d.normal([1, 5, 6, 1]), d.normal([2, 3, 1, 2]), 1],
      hint: 'Height and width are separate: use kh for rows and kw for columns.',
    }),
    d.compare('a 1 × 1 filter mixes channels only', {
      call: 'conv2d',
      args: [d.normal([1, 4, 4, 3]), d.normal([1, 1, 3, 2]), 1],
      hint: 'With a 1 × 1 filter every pixel is a dense layer over its channels.',
    }),
    d.compare('a filter as large as the image', {
      call: 'conv2d',
      args: [d.normal([2, 3, 3, 2]), d.normal([3, 3, 2, 1]), 1],
      hint: 'When the filter covers the whole image there is exactly one position: the output is [batch, 1, 1, out].',
    }),
    d.custom('agrees with tf.conv2d', {
      hint: 'tf.conv2d(x, filter, stride, "valid") computes the same thing; compare on a small case by hand to find the difference.',
      run: ({ tf, submission, make, differs, show }) => {
        const x = make(d.normal([2, 8, 7, 3])) as tfTypes.Tensor4D;
        const filter = make(d.normal([3, 2, 3, 5])) as tfTypes.Tensor4D;
        const expected = tf.conv2d(x, filter, 2, 'valid');
        const actual = (submission.conv2d as Conv)(x, filter, 2);
        const why = differs(expected, actual);
        return why
          ? { passed: false, message: `conv2d ${why}`, input: 'x: [2, 8, 7, 3], filter: [3, 2, 3, 5], stride 2', expected: show(expected), actual: show(actual) }
          : { passed: true, message: 'matches tf.conv2d(x, filter, 2, "valid")' };
      },
    }),
    d.forbid('computes the convolution itself', {
      pattern: /\btf\s*\.\s*(conv1d|conv2d|conv3d|conv2dTranspose|depthwiseConv2d|separableConv2d|fused|layers)\b/,
      what: 'a built-in convolution (tf.conv2d and friends) or tf.layers',
      hint: 'Loop over the output positions and sum x times the filter over each patch.',
    }),
  ];
}
