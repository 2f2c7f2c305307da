import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  const causal = (n: number) => d.tensor([Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j <= i ? 1 : 0)))]);
  return [
    d.compare('random queries, keys and values', {
      call: 'attention',
      args: [d.normal([2, 4, 8]), d.normal([2, 5, 8]), d.normal([2, 5, 3]), null],
      cases: 3,
      hint: 'scores = q·kᵀ / √d with d = q.shape[2] (tf.matMul(q, k, false, true)); weights = softmax over the keys (last axis); output = weights·v.',
    }),
    d.compare('the scores are scaled by √d', {
      call: 'attention',
      args: [d.tensor([[[1, 0]]]), d.tensor([[[1, 0], [0, 1]]]), d.tensor([[[10], [20]]]), null],
      hint: 'Divide the dot products by √d (here √2) before the softmax: weights are softmax([0.707, 0]) = [0.670, 0.330], not softmax([1, 0]).',
    }),
    d.compare('large scores stay finite', {
      call: 'attention',
      args: [d.normal([1, 3, 4], { std: 30 }), d.normal([1, 3, 4], { std: 30 }), d.normal([1, 3, 2]), null],
      tolerance: { atol: 1e-4, rtol: 1e-3 },
      hint: 'Scores in the hundreds overflow exp: use a stable softmax (subtract each row\'s maximum, or tf.softmax).',
    }),
    d.compare('a padding mask blocks keys', {
      call: 'attention',
      args: [d.normal([1, 3, 4]), d.normal([1, 4, 4]), d.normal([1, 4, 2]), d.tensor([[[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]]])],
      hint: 'Where the mask is 0 set the score to −1e9 before the softmax (tf.where); multiplying the weights by the mask afterwards leaves rows that no longer sum to 1.',
    }),
    d.compare('a causal mask sees only the past', {
      call: 'attention',
      args: [d.normal([1, 4, 3]), d.normal([1, 4, 3]), d.normal([1, 4, 3]), causal(4)],
      hint: 'Query i may attend to keys 0…i only: the first query puts all its weight on the first key.',
    }),
    d.compare('one query, one key', {
      call: 'attention',
      args: [d.normal([3, 1, 2]), d.normal([3, 1, 2]), d.normal([3, 1, 5]), null],
      hint: 'With one key its weight is 1 and the output is that value.',
    }),
    d.gradient('gradients with respect to q, k and v', {
      call: 'attention',
      args: [d.normal([2, 3, 4]), d.normal([2, 3, 4]), d.normal([2, 3, 2]), null],
      wrt: [0, 1, 2],
      output: 'output',
      hint: 'Build attention from tfjs ops (tf.matMul, tf.div, tf.softmax or your own, tf.where) so that tf.grad reaches q, k and v.',
    }),
    d.forbid('builds attention itself', {
      pattern: /\btf\s*\.\s*layers\b/,
      what: 'tf.layers',
      hint: 'Write attention with tf.matMul, tf.div, tf.where and a softmax.',
    }),
  ];
}
