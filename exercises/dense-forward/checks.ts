import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('linear: a batch of random inputs', {
      call: 'denseForward',
      args: [d.normal([5, 3]), d.normal([3, 4]), d.normal([4]), 'linear'],
      cases: 3,
      hint: 'y = x·w + b: tf.matMul(x, w) has shape [batch, out], and b of shape [out] is added to every row.',
    }),
    d.compare('relu', {
      call: 'denseForward',
      args: [d.normal([4, 3]), d.normal([3, 2]), d.normal([2]), 'relu'],
      hint: 'Apply the activation after adding the bias: relu(x·w + b).',
    }),
    d.compare('sigmoid', {
      call: 'denseForward',
      args: [d.normal([4, 3]), d.normal([3, 2]), d.normal([2]), 'sigmoid'],
      hint: 'Apply the activation after adding the bias: sigmoid(x·w + b).',
    }),
    d.compare('tanh', {
      call: 'denseForward',
      args: [d.normal([4, 3]), d.normal([3, 2]), d.normal([2]), 'tanh'],
      hint: 'Apply the activation after adding the bias: tanh(x·w + b).',
    }),
    d.compare('a batch of one', {
      call: 'denseForward',
      args: [d.normal([1, 6]), d.normal([6, 3]), d.normal([3]), 'linear'],
      hint: 'Keep the batch dimension: the result is [1, out], not [out].',
    }),
    d.compare('one input and one output', {
      call: 'denseForward',
      args: [d.normal([7, 1]), d.normal([1, 1]), d.normal([1]), 'linear'],
      hint: 'Shapes of size 1 are ordinary: x [7, 1] · w [1, 1] + b [1] gives [7, 1].',
    }),
    d.compare('zero weights give the bias on every row', {
      call: 'denseForward',
      args: [d.normal([3, 4]), d.zeros([4, 2]), d.tensor([0.5, -2]), 'linear'],
      hint: 'With w = 0 every row of the output is b: add b to each row, do not sum it or add it once.',
    }),
    d.gradient('gradients with respect to w and b', {
      call: 'denseForward',
      args: [d.normal([4, 3]), d.normal([3, 2]), d.normal([2]), 'tanh'],
      wrt: [1, 2],
      hint: 'Build the layer from tf.matMul and tf.add so that tf.grad reaches the weights and the bias.',
    }),
    d.forbid('builds the layer itself', {
      pattern: /\btf\s*\.\s*layers\b/,
      what: 'tf.layers',
      hint: 'Compute the layer with tf.matMul and tf.add instead of tf.layers.dense.',
    }),
  ];
}
