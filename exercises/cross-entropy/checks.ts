import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('categorical: one-hot labels, random logits', {
      call: 'categoricalCrossEntropy',
      args: [d.oneHot(8, 5), d.normal([8, 5], { std: 2 })],
      cases: 3,
      hint: 'Per sample: −Σ_c y_c · logSoftmax(z)_c (sum over the classes, axis −1); then the mean over the batch.',
    }),
    d.compare('categorical: soft labels', {
      call: 'categoricalCrossEntropy',
      args: [d.probabilities([4, 3]), d.normal([4, 3])],
      hint: 'Soft labels weight every class; the formula is the same as for one-hot labels.',
    }),
    d.compare('categorical: confident wrong predictions stay finite', {
      call: 'categoricalCrossEntropy',
      args: [d.tensor([[1, 0, 0], [0, 0, 1]]), d.tensor([[-1000, 0, 1000], [1000, 1001, 1002]])],
      tolerance: { atol: 1e-3 },
      hint: 'log(softmax(z)) is log(0) = −Infinity when a probability underflows. Use log-softmax: (z − m) − log Σ exp(z − m).',
    }),
    d.compare('categorical: a batch of one', {
      call: 'categoricalCrossEntropy',
      args: [d.oneHot(1, 4), d.normal([1, 4])],
      hint: 'Sum over the classes (axis −1), then average over the batch (here one sample).',
    }),
    d.compare('sparse: class indices, random logits', {
      call: 'sparseCategoricalCrossEntropy',
      args: [d.ints([8], 0, 5), d.normal([8, 5], { std: 2 })],
      cases: 3,
      hint: 'Turn the indices into one-hot rows with tf.oneHot(labels, classes), or pick logSoftmax(z)[i, label_i] per row.',
    }),
    d.compare('sparse: confident logits stay finite', {
      call: 'sparseCategoricalCrossEntropy',
      args: [d.tensor([2, 0], 'int32'), d.tensor([[1000, 0, -1000], [-500, 0, 500]])],
      tolerance: { atol: 1e-3 },
      hint: 'Use log-softmax in log space, never log(softmax(z)).',
    }),
    d.compare('sparse: a batch of one and two classes', {
      call: 'sparseCategoricalCrossEntropy',
      args: [d.tensor([1], 'int32'), d.normal([1, 2])],
      hint: 'The class count comes from the logits\' last dimension (logits.shape[1]).',
    }),
    d.gradient('gradient with respect to the logits', {
      call: 'categoricalCrossEntropy',
      args: [d.oneHot(4, 3), d.normal([4, 3])],
      wrt: [1],
      hint: 'The gradient is (softmax(z) − y) / batch; build the loss from differentiable tfjs ops.',
    }),
    d.forbid('builds the loss itself', {
      pattern: /\btf\s*\.\s*(losses|metrics|softmax|logSoftmax)\b/,
      what: 'tf.losses, tf.metrics, tf.softmax or tf.logSoftmax',
      hint: 'Build log-softmax from tf.max, tf.exp, tf.sum and tf.log, then the loss from tf.mul, tf.sum and tf.mean.',
    }),
  ];
}
