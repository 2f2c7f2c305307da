import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('rows of random logits', {
      call: 'logSoftmax',
      args: [d.normal([4, 10], { std: 2 })],
      cases: 3,
      hint: 'logSoftmax(x) = x − log(Σ exp(x)) per row; reduce over the last axis with keepDims so the result broadcasts.',
    }),
    d.compare('tiny probabilities keep their exact log', {
      call: 'logSoftmax',
      args: [d.tensor([[0, -1000], [-2000, 0]])],
      tolerance: { atol: 1e-3 },
      hint: 'log(softmax(x)) turns a probability of e^-1000 into log(0) = -Infinity. Stay in log space: (x − m) − log(Σ exp(x − m)) with m the row maximum.',
    }),
    d.compare('large logits do not overflow', {
      call: 'logSoftmax',
      args: [d.tensor([[1000, 1001, 1002], [-1000, -1001, -1002]])],
      tolerance: { atol: 1e-4 },
      hint: 'Subtract each row\'s maximum before tf.exp: exp(1000) is Infinity in float32.',
    }),
    d.compare('a batch of one', {
      call: 'logSoftmax',
      args: [d.normal([1, 6])],
      hint: 'Reduce over the last axis (-1), not over the batch.',
    }),
    d.compare('a single class has log-probability 0', {
      call: 'logSoftmax',
      args: [d.normal([3, 1], { std: 10 })],
      hint: 'With one class the probability is 1 and its log 0.',
    }),
    d.gradient('gradient with respect to the logits', {
      call: 'logSoftmax',
      args: [d.normal([3, 5])],
      wrt: [0],
      hint: 'Build logSoftmax from tfjs ops so that tf.grad can follow it.',
    }),
    d.forbid('builds log-softmax itself', {
      pattern: /\btf\s*\.\s*(softmax|logSoftmax|logSumExp)\b/,
      what: 'tf.logSoftmax, tf.softmax or tf.logSumExp',
      hint: 'Build it from tf.max, tf.sub, tf.exp, tf.sum and tf.log.',
    }),
  ];
}
