import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('relu on random values', {
      call: 'relu',
      args: [d.normal([4, 5])],
      cases: 3,
      hint: 'relu keeps positive values and replaces negative ones by 0: tf.maximum(x, 0).',
    }),
    d.compare('relu keeps the shape of a rank-3 tensor', {
      call: 'relu',
      args: [d.normal([2, 3, 5])],
      hint: 'Work element by element; do not reshape or reduce x.',
    }),
    d.compare('relu of zeros is zero', {
      call: 'relu',
      args: [d.zeros([3])],
      hint: 'relu(0) = max(0, 0) = 0.',
    }),
    d.compare('leakyRelu on random values', {
      call: 'leakyRelu',
      args: [d.normal([4, 5]), 0.1],
      cases: 3,
      hint: 'Negative inputs are multiplied by alpha, positive ones pass unchanged.',
    }),
    d.compare('leakyRelu with alpha = 0 is relu', {
      call: 'leakyRelu',
      args: [d.tensor([[-3, -0.5, 0, 0.5, 3]]), 0],
      hint: 'With alpha = 0 the negative side is 0 · x = 0.',
    }),
    d.compare('leakyRelu of a batch of one', {
      call: 'leakyRelu',
      args: [d.normal([1, 7]), 0.2],
      hint: 'A batch of one is a tensor like any other: no special case needed.',
    }),
    d.gradient('relu gradient', {
      call: 'relu',
      args: [d.normal([3, 4])],
      wrt: [0],
      hint: 'The gradient of relu is 1 where x > 0 and 0 where x < 0; build relu from differentiable tfjs ops (tf.maximum, tf.where) and not from JavaScript numbers (dataSync, arraySync).',
    }),
    d.gradient('leakyRelu gradient', {
      call: 'leakyRelu',
      args: [d.normal([3, 4]), 0.1],
      wrt: [0],
      hint: 'The gradient of leakyRelu is 1 where x > 0 and alpha where x < 0.',
    }),
    d.forbid('builds relu itself', {
      pattern: /\btf\s*\.\s*(relu|leakyRelu|prelu|relu6)\b/,
      what: 'tf.relu, tf.leakyRelu or tf.prelu',
      hint: 'Build the activation from tf.maximum, tf.mul or tf.where instead of calling the built-in.',
    }),
  ];
}
