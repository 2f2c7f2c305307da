import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('hard labels and random logits', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.ints([16, 1], 0, 2), d.normal([16, 1], { std: 3 })],
      cases: 3,
      hint: 'Per element: max(z, 0) − z·y + log(1 + exp(−|z|)); then tf.mean over every element.',
    }),
    d.compare('soft labels', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.uniform([6, 4], 0, 1), d.normal([6, 4], { std: 2 })],
      hint: 'The formula holds for any label in [0, 1]; do not round or threshold the labels.',
    }),
    d.compare('confident logits stay finite', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.tensor([1, 0, 1, 0, 1, 0]), d.tensor([100, -100, 1000, -1000, -100, 100])],
      tolerance: { rtol: 1e-4, atol: 1e-3 },
      hint: 'σ(100) rounds to exactly 1 in float32, so log(1 − σ(z)) is log(0) = −Infinity. Work with the logits: max(z, 0) − z·y + log1p(exp(−|z|)).',
    }),
    d.compare('a logit of zero costs log 2', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.tensor([1, 0]), d.zeros([2])],
      hint: 'At z = 0 the prediction is 0.5 whatever the label, and −log(0.5) = log 2 ≈ 0.6931.',
    }),
    d.compare('a batch of one', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.tensor([[1]]), d.tensor([[-0.7]])],
      hint: 'One element: the loss is that element\'s loss, a scalar.',
    }),
    d.gradient('gradient with respect to the logits', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.uniform([5, 2], 0, 1), d.normal([5, 2], { std: 2 })],
      wrt: [1],
      hint: 'The gradient is (σ(z) − y)/n; build the loss from differentiable tfjs ops.',
    }),
    d.gradient('gradient stays finite for confident logits', {
      call: 'binaryCrossEntropyFromLogits',
      args: [d.tensor([1, 0, 1, 0]), d.tensor([1000, -1000, -1000, 1000])],
      wrt: [1],
      hint: 'A gradient through log(σ(z)) of a tiny σ is NaN or Infinity. The logit form has gradient (σ(z) − y)/n, finite everywhere.',
    }),
    d.forbid('builds the loss itself', {
      pattern: /\btf\s*\.\s*(losses|metrics|sigmoid|logSigmoid)\b/,
      what: 'tf.losses, tf.metrics or tf.sigmoid',
      hint: 'Build the loss from tf.relu (or tf.maximum), tf.mul, tf.abs, tf.exp, tf.log1p and tf.mean.',
    }),
  ];
}
