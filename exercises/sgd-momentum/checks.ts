import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Step = (p: tfTypes.Tensor, g: tfTypes.Tensor, v: tfTypes.Tensor, lr: number, mu: number) => { param: tfTypes.Tensor; velocity: tfTypes.Tensor };

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('one step from a random state', {
      call: 'sgdMomentumStep',
      args: [d.normal([3, 4]), d.normal([3, 4]), d.normal([3, 4], { std: 0.1 }), 0.05, 0.9],
      cases: 3,
      hint: 'First the velocity: momentum·velocity − learningRate·grad; then param + the new velocity.',
    }),
    d.compare('momentum 0 is plain SGD', {
      call: 'sgdMomentumStep',
      args: [d.normal([5]), d.normal([5]), d.normal([5]), 0.1, 0],
      hint: 'With momentum 0 the old velocity is forgotten: param − learningRate·grad.',
    }),
    d.compare('a zero gradient keeps coasting', {
      call: 'sgdMomentumStep',
      args: [d.normal([2, 2]), d.zeros([2, 2]), d.normal([2, 2]), 0.1, 0.9],
      hint: 'With grad = 0 the velocity shrinks to momentum·velocity and the parameter still moves by it.',
    }),
    d.custom('50 steps on a narrow valley follow the reference', {
      hint: 'Use the new velocity (not the old one) to move the parameter, and return both.',
      run: ({ tf, submission, reference, differs, show }) => {
        // f(p) = ½ Σ a_i p_i² with very different curvatures a: the case momentum is for.
        const curvature = tf.tensor([1, 50]);
        const run = (step: Step) => {
          let p: tfTypes.Tensor = tf.tensor([5, 1]);
          let v: tfTypes.Tensor = tf.zeros([2]);
          for (let i = 0; i < 50; i++) {
            const out = step(p, tf.mul(curvature, p), v, 0.01, 0.9);
            p = out.param;
            v = out.velocity;
          }
          return p;
        };
        const expected = run(reference.sgdMomentumStep as Step);
        const actual = run(submission.sgdMomentumStep as Step);
        const why = differs(expected, actual, { atol: 1e-4, rtol: 1e-3 });
        return why
          ? { passed: false, message: `after 50 steps from [5, 1] the parameter is off: ${why}`, expected: show(expected), actual: show(actual) }
          : { passed: true, message: `reaches ${show(actual)} like the reference` };
      },
    }),
    d.forbid('writes the optimizer itself', {
      pattern: /\btf\s*\.\s*train\b/,
      what: 'tf.train',
      hint: 'Write the two update formulas with tf.mul, tf.sub and tf.add.',
    }),
  ];
}
