import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  const moving = (features: number) => d.record({ mean: d.normal([features], { std: 0.5 }), variance: d.uniform([features], 0.5, 2) });
  return [
    d.compare('training: a random batch', {
      call: 'batchNorm',
      args: [d.normal([8, 4], { mean: 3, std: 2 }), d.uniform([4], 0.5, 2), d.normal([4]), moving(4), 0.9, 1e-3, true],
      cases: 3,
      hint: 'Per feature (axis 0, over the batch): mean μ and biased variance σ²; y = γ·(x − μ)/√(σ² + ε) + β; moving ← momentum·moving + (1 − momentum)·batch statistic.',
    }),
    d.compare('inference uses the moving statistics', {
      call: 'batchNorm',
      args: [d.normal([5, 3]), d.uniform([3], 0.5, 2), d.normal([3]), moving(3), 0.99, 1e-3, false],
      hint: 'At inference normalise with moving.mean and moving.variance, not with the batch, and return them unchanged.',
    }),
    d.compare('inference on a batch of one', {
      call: 'batchNorm',
      args: [d.normal([1, 6]), d.uniform([6], 0.5, 2), d.normal([6]), moving(6), 0.99, 1e-3, false],
      hint: 'With one sample the batch variance is 0: inference must not use batch statistics.',
    }),
    d.compare('training: a constant feature needs epsilon', {
      call: 'batchNorm',
      args: [d.tensor([[2, 1], [2, -1], [2, 3]]), d.tensor([1, 1]), d.tensor([0.5, 0]), d.record({ mean: d.zeros([2]), variance: d.full([2], 1) }), 0.9, 1e-3, true],
      hint: 'A feature with variance 0 gives 0 / √(0 + ε) = 0 (then + β): add ε inside the square root, never divide by √σ² alone.',
    }),
    d.compare('training: the variance is the biased one', {
      call: 'batchNorm',
      args: [d.tensor([[1, 10], [3, 30]]), d.tensor([1, 1]), d.tensor([0, 0]), d.record({ mean: d.zeros([2]), variance: d.full([2], 1) }), 0.9, 0, true],
      hint: 'Divide the squared deviations by the batch size B (tf.mean), not by B − 1: for [1, 3] the variance is 1.',
    }),
    d.gradient('gradients with respect to x, gamma and beta in training', {
      call: 'batchNorm',
      args: [d.normal([6, 3]), d.uniform([3], 0.5, 2), d.normal([3]), moving(3), 0.9, 1e-3, true],
      wrt: [0, 1, 2],
      output: 'y',
      hint: 'Compute the batch statistics from x with tfjs ops so that the gradient flows through μ and σ² as well.',
      tolerance: { atol: 1e-4, rtol: 1e-3 },
    }),
    d.forbid('normalises by itself', {
      pattern: /\btf\s*\.\s*(batchNorm|batchNorm2d|batchNorm3d|batchNorm4d|layers)\b/,
      what: 'tf.batchNorm or tf.layers',
      hint: 'Write the formula with tf.mean, tf.sub, tf.square, tf.sqrt, tf.div, tf.mul and tf.add.',
    }),
  ];
}
