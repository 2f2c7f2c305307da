import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('rows of random logits', {
      call: 'softmax',
      args: [d.normal([4, 10], { std: 2 })],
      cases: 3,
      hint: 'Exponentiate, then divide each row by its own sum: tf.sum(e, -1, true) keeps the [batch, 1] shape that broadcasts.',
    }),
    d.compare('large logits do not overflow', {
      call: 'softmax',
      args: [d.tensor([[1000, 1001, 1002], [-1000, -1001, -1002]])],
      hint: 'In float32 exp(1000) is Infinity and exp(-1000) is 0, so the division gives Infinity / Infinity or 0 / 0 = NaN. Subtract each row\'s own maximum (tf.max(logits, -1, true)) before tf.exp: softmax does not change, no exponent is positive, and every row\'s sum is at least 1.',
    }),
    d.compare('equal logits give a uniform distribution', {
      call: 'softmax',
      args: [d.zeros([2, 4])],
      hint: 'With all logits equal, every class gets 1 / classes.',
    }),
    d.compare('a batch of one', {
      call: 'softmax',
      args: [d.normal([1, 5])],
      hint: 'Reduce over the last axis (-1), not over the batch (axis 0): with one row they differ.',
    }),
    d.compare('a single class gets probability 1', {
      call: 'softmax',
      args: [d.normal([3, 1], { std: 5 })],
      hint: 'With one class, each row is e / e = 1.',
    }),
    d.compare('a large spread within a row', {
      call: 'softmax',
      args: [d.tensor([[0, -200, 200], [50, 0, -50]])],
      hint: 'exp(200) is already Infinity in float32 (exp overflows above about 88.7), so the row turns into NaN. Subtract each row\'s maximum before tf.exp; then the tiny probabilities underflow to 0, which is correct, and the largest stays close to 1.',
    }),
    d.gradient('gradient with respect to the logits', {
      call: 'softmax',
      args: [d.normal([3, 4])],
      wrt: [0],
      hint: 'Build softmax from tfjs ops (tf.exp, tf.sum, tf.div, tf.max) so that tf.grad can follow it; reading values out with dataSync breaks the gradient.',
    }),
    d.forbid('builds softmax itself', {
      pattern: /\btf\s*\.\s*(softmax|logSoftmax)\b|\btf\s*\.\s*layers\s*\.\s*softmax\b/,
      what: 'tf.softmax or tf.logSoftmax',
      hint: 'Build softmax from tf.max, tf.sub, tf.exp, tf.sum and tf.div.',
    }),
  ];
}
