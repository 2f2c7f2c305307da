import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type State = { m: tfTypes.Tensor; v: tfTypes.Tensor; t: number };
type Step = (p: tfTypes.Tensor, g: tfTypes.Tensor, s: State, lr: number, b1: number, b2: number, eps: number) => State & { param: tfTypes.Tensor };

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('the first step from a zero state', {
      call: 'adamStep',
      args: [d.normal([3, 4]), d.normal([3, 4]), d.record({ m: d.zeros([3, 4]), v: d.zeros([3, 4]), t: 0 }), 0.01, 0.9, 0.999, 1e-7],
      hint: 'Increase t first (to 1), then update m and v, then bias-correct with 1 − β₁ᵗ and 1 − β₂ᵗ: on the first step every parameter moves by about the learning rate.',
    }),
    d.compare('a step in the middle of training', {
      call: 'adamStep',
      args: [d.normal([5]), d.normal([5]), d.record({ m: d.normal([5], { std: 0.1 }), v: d.uniform([5], 0.01, 0.5), t: 10 }), 0.001, 0.9, 0.999, 1e-7],
      cases: 3,
      hint: 'm ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², with t + 1 in the bias corrections.',
    }),
    d.compare('epsilon goes outside the square root', {
      call: 'adamStep',
      args: [d.zeros([2]), d.tensor([1e-6, -1e-6]), d.record({ m: d.zeros([2]), v: d.zeros([2]), t: 0 }), 0.1, 0.9, 0.999, 1e-3],
      tolerance: { atol: 1e-8, rtol: 1e-3 },
      hint: 'With tiny gradients ε decides the step: the update divides by √v̂ + ε, not by √(v̂ + ε), where v̂ is the bias-corrected v.',
    }),
    d.compare('the step counter is returned', {
      call: 'adamStep',
      args: [d.normal([2]), d.normal([2]), d.record({ m: d.zeros([2]), v: d.zeros([2]), t: 4 }), 0.01, 0.9, 0.999, 1e-7],
      hint: 'Coming in with t = 4, this is step 5: bias-correct with 1 − β₁⁵ and 1 − β₂⁵, and return t = 5 so that the next call bias-corrects with the right step number.',
    }),
    d.custom('10 steps agree with tf.train.adam', {
      hint: 'tfjs\'s own Adam applies exactly these formulas; feed your returned state into the next step.',
      run: ({ tf, submission, make, differs, show }) => {
        const start = make(d.normal([4])) as tfTypes.Tensor;
        const target = make(d.normal([4])) as tfTypes.Tensor;
        const gradOf = (p: tfTypes.Tensor) => tf.mul(2, tf.sub(p, target));
        const optimizer = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
        const variable = tf.variable(start.clone());
        for (let i = 0; i < 10; i++) optimizer.applyGradients([{ name: variable.name, tensor: gradOf(variable) }]);
        let state: State & { param: tfTypes.Tensor } = { param: start, m: tf.zerosLike(start), v: tf.zerosLike(start), t: 0 };
        for (let i = 0; i < 10; i++) state = (submission.adamStep as Step)(state.param, gradOf(state.param), state, 0.05, 0.9, 0.999, 1e-7);
        const expected = variable.clone();
        variable.dispose();
        optimizer.dispose();
        const why = differs(expected, state.param, { atol: 1e-4, rtol: 1e-3 });
        return why
          ? { passed: false, message: `after 10 steps the parameter is off: ${why}`, expected: show(expected), actual: show(state.param) }
          : { passed: true, message: 'matches tf.train.adam after 10 steps' };
      },
    }),
    d.forbid('writes the optimizer itself', {
      pattern: /\btf\s*\.\s*train\b/,
      what: 'tf.train',
      hint: 'Write the Adam formulas with tf.mul, tf.add, tf.square, tf.sqrt and tf.div.',
    }),
  ];
}
