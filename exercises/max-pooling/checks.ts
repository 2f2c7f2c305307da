import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Pool = (x: tfTypes.Tensor4D, size: number, stride: number) => tfTypes.Tensor4D;

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('2 × 2 windows, stride 2', {
      call: 'maxPool2d',
      args: [d.normal([1, 4, 4, 1]), 2, 2],
      hint: 'Output (i, j) is the maximum of rows i·stride … i·stride + size − 1 and the same columns.',
    }),
    d.compare('channels and a batch stay separate', {
      call: 'maxPool2d',
      args: [d.normal([2, 6, 6, 3]), 2, 2],
      cases: 2,
      hint: 'Take the maximum within one channel of one image: never across channels or across the batch. The channel count does not change.',
    }),
    d.compare('overlapping windows (stride < size)', {
      call: 'maxPool2d',
      args: [d.normal([1, 5, 5, 2]), 3, 1],
      hint: 'With stride 1 the windows overlap; the output is floor((5 − 3) / 1) + 1 = 3 wide.',
    }),
    d.compare('an odd size with stride 2', {
      call: 'maxPool2d',
      args: [d.normal([1, 7, 5, 2]), 3, 2],
      hint: 'The last window must fit inside the image: floor((7 − 3) / 2) + 1 = 3 rows, floor((5 − 3) / 2) + 1 = 2 columns.',
    }),
    d.compare('all-negative inputs', {
      call: 'maxPool2d',
      args: [d.normal([1, 4, 4, 2], { mean: -10 }), 2, 2],
      hint: 'Start each window\'s maximum at -Infinity (or at its first value), not at 0: the maximum of negative numbers is negative.',
    }),
    d.custom('agrees with tf.maxPool', {
      hint: 'tf.maxPool(x, size, stride, "valid") computes the same thing; compare on a small case to find the difference.',
      run: ({ tf, submission, make, differs, show }) => {
        const x = make(d.normal([2, 9, 8, 3])) as tfTypes.Tensor4D;
        const expected = tf.maxPool(x, 3, 2, 'valid');
        const actual = (submission.maxPool2d as Pool)(x, 3, 2);
        const why = differs(expected, actual);
        return why
          ? { passed: false, message: `maxPool2d ${why}`, input: 'x: [2, 9, 8, 3], size 3, stride 2', expected: show(expected), actual: show(actual) }
          : { passed: true, message: 'matches tf.maxPool(x, 3, 2, "valid")' };
      },
    }),
    d.forbid('pools by itself', {
      pattern: /\btf\s*\.\s*(maxPool|maxPool3d|maxPoolWithArgmax|pool|avgPool|layers)\b/,
      what: 'tf.maxPool, tf.pool or tf.layers',
      hint: 'Loop over the output positions and take the maximum of each window.',
    }),
  ];
}
