import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Backward = (x: tfTypes.Tensor2D, w: tfTypes.Tensor2D, dy: tfTypes.Tensor2D) => Record<string, tfTypes.Tensor>;

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('random inputs and upstream gradient', {
      call: 'denseBackward',
      args: [d.normal([5, 3]), d.normal([3, 4]), d.normal([5, 4])],
      cases: 3,
      hint: 'dx = dy·wᵀ, dw = xᵀ·dy, db = the sum of dy over the batch rows (axis 0). Each gradient has the shape of what it is the gradient of.',
    }),
    d.compare('a batch of one', {
      call: 'denseBackward',
      args: [d.normal([1, 4]), d.normal([4, 2]), d.normal([1, 2])],
      hint: 'With one row, db is that row of dy, with shape [out] (sum over axis 0, not over everything).',
    }),
    d.compare('one input and one output', {
      call: 'denseBackward',
      args: [d.normal([6, 1]), d.normal([1, 1]), d.normal([6, 1])],
      hint: 'Shapes of size 1: dx is [6, 1], dw [1, 1], db [1].',
    }),
    d.compare('the bias gradient sums over the batch', {
      call: 'denseBackward',
      args: [d.normal([4, 2]), d.normal([2, 3]), d.full([4, 3], 1)],
      hint: 'b was added to each of the 4 rows, so each row sends its gradient to b: db = tf.sum(dy, 0), which here is 4 for every unit, not 1 (the mean).',
    }),
    d.custom('agrees with tf.grads of the forward pass', {
      hint: 'tf.grads differentiates y = x·w + b and weights it by dy; your hand-written gradients must give the same numbers.',
      run: ({ tf, submission, make, differs, show }) => {
        const x = make(d.normal([3, 5])) as tfTypes.Tensor2D;
        const w = make(d.normal([5, 2])) as tfTypes.Tensor2D;
        const b = make(d.normal([2])) as tfTypes.Tensor1D;
        const dy = make(d.normal([3, 2])) as tfTypes.Tensor2D;
        const [dx, dw, db] = tf.grads((xx: tfTypes.Tensor, ww: tfTypes.Tensor, bb: tfTypes.Tensor) =>
          tf.sum(tf.mul(tf.add(tf.matMul(xx as tfTypes.Tensor2D, ww as tfTypes.Tensor2D), bb), dy)),
        )([x, w, b]);
        const expected = { dx, dw, db };
        const actual = (submission.denseBackward as Backward)(x, w, dy);
        const why = differs(expected, actual);
        return why
          ? { passed: false, message: `denseBackward ${why}`, input: `x ${show(x)}\nw ${show(w)}\ndy ${show(dy)}`, expected: show(expected), actual: show(actual) }
          : { passed: true, message: 'dx, dw and db match tf.grads' };
      },
    }),
    d.forbid('computes the gradients by hand', {
      pattern: /\btf\s*\.\s*(grad|grads|valueAndGrad|valueAndGrads|variableGrads|customGrad)\b/,
      what: 'tf.grad, tf.grads or tf.variableGrads',
      hint: 'Write the three formulas with tf.matMul (its transposeA / transposeB flags), tf.transpose and tf.sum.',
    }),
  ];
}
