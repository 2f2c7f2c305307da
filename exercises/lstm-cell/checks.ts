import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  const weights = (inputs: number, units: number) => [
    d.normal([inputs, 4 * units], { std: 0.5 }),
    d.normal([units, 4 * units], { std: 0.5 }),
    d.normal([4 * units], { std: 0.5 }),
  ];
  return [
    d.compare('one random step', {
      call: 'lstmCell',
      args: [d.normal([4, 3]), d.normal([4, 5], { std: 0.5 }), d.normal([4, 5]), ...weights(3, 5)],
      cases: 3,
      hint: 'z = x·K + h·R + b, split into i, f, g, o (in that order) along axis 1; c\' = σ(f)·c + σ(i)·tanh(g); h\' = σ(o)·tanh(c\').',
    }),
    d.compare('the gate order is i, f, c, o', {
      call: 'lstmCell',
      args: [d.zeros([1, 1]), d.zeros([1, 1]), d.tensor([[2]]), d.zeros([1, 4]), d.zeros([1, 4]), d.tensor([0, 100, 0, 0])],
      hint: 'Only the forget gate\'s bias (the second quarter) is large here, so c is kept: c\' = 1·2 + 0.5·tanh(0) = 2. Keras orders the quarters i, f, c, o.',
    }),
    d.compare('a closed forget gate erases the cell', {
      call: 'lstmCell',
      args: [d.normal([2, 2]), d.zeros([2, 3]), d.full([2, 3], 5), d.zeros([2, 12]), d.zeros([3, 12]), d.tensor([0, 0, 0, -100, -100, -100, 0, 0, 0, 0, 0, 0])],
      hint: 'With f ≈ 0 the old cell state must not leak into c\'; multiply c by the forget gate, do not add it.',
    }),
    d.compare('a batch of one with one unit', {
      call: 'lstmCell',
      args: [d.normal([1, 2]), d.normal([1, 1]), d.normal([1, 1]), ...weights(2, 1)],
      hint: 'With one unit each gate is one column: split z [1, 4] into four [1, 1] parts.',
    }),
    d.compare('h uses the new cell state', {
      call: 'lstmCell',
      args: [d.normal([3, 2]), d.normal([3, 2]), d.normal([3, 2], { std: 2 }), ...weights(2, 2)],
      hint: 'h\' = o · tanh(c\') with the updated cell state c\', not the previous c.',
    }),
    d.gradient('gradients with respect to the kernels', {
      call: 'lstmCell',
      args: [d.normal([3, 2]), d.normal([3, 4], { std: 0.5 }), d.normal([3, 4]), ...weights(2, 4)],
      wrt: [3, 4, 5],
      output: 'h',
      hint: 'Build the cell from tfjs ops (tf.matMul, tf.split, tf.sigmoid, tf.tanh, tf.mul, tf.add) so that tf.grad reaches the weights.',
    }),
    d.forbid('builds the cell itself', {
      pattern: /\btf\s*\.\s*(layers|basicLSTMCell|multiRNNCell)\b/,
      what: 'tf.layers or tf.basicLSTMCell',
      hint: 'Write the gates yourself with tf.matMul, tf.split, tf.sigmoid and tf.tanh.',
    }),
  ];
}
