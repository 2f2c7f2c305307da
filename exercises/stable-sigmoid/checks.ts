import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('values on random inputs', {
      call: 'sigmoid',
      args: [d.normal([4, 6], { std: 3 })],
      cases: 3,
      hint: 'sigmoid(x) = 1 / (1 + exp(-x)); check the sign inside exp.',
    }),
    d.compare('sigmoid(0) is 0.5', {
      call: 'sigmoid',
      args: [d.zeros([2, 3])],
      hint: 'At x = 0 both branches must give 1 / (1 + 1) = 0.5.',
    }),
    d.compare('large inputs do not overflow', {
      call: 'sigmoid',
      args: [d.tensor([[-1000, -100, -30, 30, 100, 1000]])],
      hint: 'exp of a large positive number is Infinity in float32 (above ~88). Compute z = exp(-|x|) and pick 1/(1+z) for x ≥ 0, z/(1+z) for x < 0.',
    }),
    d.compare('keeps the shape of a rank-3 tensor', {
      call: 'sigmoid',
      args: [d.normal([2, 1, 5])],
      hint: 'Work element by element; do not reshape or reduce x.',
    }),
    d.gradient('gradient on random inputs', {
      call: 'sigmoid',
      args: [d.normal([3, 5], { std: 2 })],
      wrt: [0],
      hint: "The gradient of sigmoid is σ(x)·(1 − σ(x)); build sigmoid from tfjs ops so that tf.grad can follow it.",
    }),
    d.gradient('gradient stays finite for large inputs', {
      call: 'sigmoid',
      args: [d.tensor([[-1000, -200, -50, 50, 200, 1000]])],
      wrt: [0],
      hint: "tf.where computes both branches and sends gradients into both: a branch that overflows (exp(1000)) turns the gradient into 0 · Infinity = NaN. Make each branch finite everywhere with z = exp(-|x|).",
    }),
    d.forbid('builds sigmoid itself', {
      pattern: /\btf\s*\.\s*(sigmoid|logSigmoid)\b/,
      what: 'tf.sigmoid',
      hint: 'Build sigmoid from tf.exp, tf.abs, tf.div and tf.where instead of calling the built-in.',
    }),
  ];
}
