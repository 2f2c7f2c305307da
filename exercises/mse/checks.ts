import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('a batch of several outputs', {
      call: 'meanSquaredError',
      args: [d.normal([8, 3]), d.normal([8, 3])],
      cases: 3,
      hint: 'Average over every element: tf.mean of the squared differences, with no axis, gives one number.',
    }),
    d.compare('perfect predictions give 0', {
      call: 'meanSquaredError',
      args: [d.tensor([[1.5, -2], [0, 3]]), d.tensor([[1.5, -2], [0, 3]])],
      hint: 'When yPred equals yTrue every difference is 0.',
    }),
    d.compare('a batch of one', {
      call: 'meanSquaredError',
      args: [d.normal([1, 1]), d.normal([1, 1])],
      hint: 'One sample with one output: the loss is just the squared difference.',
    }),
    d.compare('a rank-1 tensor', {
      call: 'meanSquaredError',
      args: [d.tensor([0, 0, 0, 0]), d.tensor([1, -1, 2, -2])],
      hint: 'Squares are positive: (1 + 1 + 4 + 4) / 4 = 2.5. Square the differences before averaging; averaging first cancels errors of opposite sign.',
    }),
    d.gradient('gradient with respect to the predictions', {
      call: 'meanSquaredError',
      args: [d.normal([4, 2]), d.normal([4, 2])],
      wrt: [1],
      hint: 'The gradient is 2(ŷ − y)/n: use tf.mean (divides by every element count) so that both the value and the gradient are scaled right.',
    }),
    d.forbid('builds the loss itself', {
      pattern: /\btf\s*\.\s*(losses|metrics)\b/,
      what: 'tf.losses or tf.metrics',
      hint: 'Build the loss from tf.sub, tf.square and tf.mean.',
    }),
  ];
}
