import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('cell: one random step', {
      call: 'rnnCell',
      args: [d.normal([4, 3]), d.normal([4, 5], { std: 0.5 }), d.normal([3, 5], { std: 0.5 }), d.normal([5, 5], { std: 0.5 }), d.normal([5])],
      cases: 3,
      hint: 'h_t = tanh(x·wx + h·wh + b): two matrix products, the bias, then tanh.',
    }),
    d.compare('cell: a zero state is only the input', {
      call: 'rnnCell',
      args: [d.normal([2, 3]), d.zeros([2, 4]), d.normal([3, 4]), d.normal([4, 4]), d.zeros([4])],
      hint: 'With h = 0 and b = 0 the step is tanh(x·wx).',
    }),
    d.compare('sequence: random inputs from a zero state', {
      call: 'rnnSequence',
      args: [d.normal([3, 5, 2]), d.zeros([3, 4]), d.normal([2, 4], { std: 0.5 }), d.normal([4, 4], { std: 0.5 }), d.normal([4], { std: 0.1 })],
      cases: 2,
      hint: 'Walk the time axis (axis 1) in order, feeding each new state into the next step; stack the states on axis 1 so outputs is [batch, time, units].',
    }),
    d.compare('sequence: a batch of one and one time step', {
      call: 'rnnSequence',
      args: [d.normal([1, 1, 3]), d.normal([1, 2]), d.normal([3, 2]), d.normal([2, 2]), d.normal([2])],
      hint: 'One step: outputs is [1, 1, units] and last equals outputs[:, 0, :].',
    }),
    d.compare('sequence: the state carries information forward', {
      call: 'rnnSequence',
      args: [d.tensor([[[1], [0], [0]]]), d.zeros([1, 1]), d.tensor([[1]]), d.tensor([[1]]), d.tensor([0])],
      hint: 'After the first step the input is 0, so every later state comes from the previous state alone: tanh(h·wh). Use the new state, not h0, at each step.',
    }),
    d.gradient('gradient through time with respect to wx and wh', {
      call: 'rnnSequence',
      args: [d.normal([2, 4, 3]), d.zeros([2, 3]), d.normal([3, 3], { std: 0.5 }), d.normal([3, 3], { std: 0.5 }), d.zeros([3])],
      wrt: [2, 3],
      output: 'last',
      hint: 'Build the unrolled loop from tfjs ops (tf.unstack or tf.slice, tf.matMul, tf.tanh, tf.stack) so that the gradient flows back through every step.',
    }),
    d.forbid('unrolls by itself', {
      pattern: /\btf\s*\.\s*(layers|basicLSTMCell|multiRNNCell)\b/,
      what: 'tf.layers',
      hint: 'Write the step with tf.matMul, tf.add and tf.tanh, and the loop over time yourself.',
    }),
  ];
}
