import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Params = { w1: tfTypes.Tensor2D; b1: tfTypes.Tensor1D; w2: tfTypes.Tensor2D; b2: tfTypes.Tensor1D };
type Forward = (p: Params, x: tfTypes.Tensor2D) => { hidden: tfTypes.Tensor2D; output: tfTypes.Tensor2D };
type Gradients = (p: Params, x: tfTypes.Tensor2D, y: tfTypes.Tensor2D) => Params;
type Train = (p: Params, epochs: number, lr: number) => Params;

export function checks(d: CheckDsl): DrillCheck[] {
  const params = (hidden: number) => d.record({ w1: d.normal([2, hidden]), b1: d.normal([hidden], { std: 0.1 }), w2: d.normal([hidden, 1]), b2: d.normal([1], { std: 0.1 }) });
  const xorX = d.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const xorY = d.tensor([[0], [1], [1], [0]]);
  return [
    d.compare('forward: hidden and output', {
      call: 'mlpForward',
      args: [params(4), d.normal([5, 2])],
      cases: 2,
      hint: 'hidden = tanh(x·w1 + b1); output = sigmoid(hidden·w2 + b2).',
    }),
    d.compare('gradients on the XOR points', {
      call: 'mlpGradients',
      args: [params(4), xorX, xorY],
      cases: 2,
      hint: 'From the top: dz2 = (p − y)/n; w2: hᵀ·dz2; b2: Σ dz2 over the batch; dh = dz2·w2ᵀ; dz1 = dh·(1 − h²); w1: xᵀ·dz1; b1: Σ dz1.',
    }),
    d.compare('gradients for a batch of one', {
      call: 'mlpGradients',
      args: [params(3), d.tensor([[1, 0]]), d.tensor([[1]])],
      hint: 'With one sample n = 1; the bias gradients are the rows of dz themselves, with shapes [H] and [1].',
    }),
    d.custom('gradients agree with tf.grads of the loss', {
      hint: 'Your gradients must be those of the mean binary cross-entropy of mlpForward\'s output: check the 1/n, the tanh derivative 1 − h², and the transposes.',
      run: ({ tf, submission, make, differs, show }) => {
        const p = make(params(5)) as Params;
        const x = make(d.normal([6, 2])) as tfTypes.Tensor2D;
        const y = make(d.ints([6, 1], 0, 2)) as tfTypes.Tensor2D;
        const yf = tf.cast(y, 'float32') as tfTypes.Tensor2D;
        const loss = (w1: tfTypes.Tensor, b1: tfTypes.Tensor, w2: tfTypes.Tensor, b2: tfTypes.Tensor) => {
          const h = tf.tanh(tf.add(tf.matMul(x, w1 as tfTypes.Tensor2D), b1)) as tfTypes.Tensor2D;
          const logits = tf.add(tf.matMul(h, w2 as tfTypes.Tensor2D), b2);
          return tf.losses.sigmoidCrossEntropy(yf, logits);
        };
        const [w1, b1, w2, b2] = tf.grads(loss)([p.w1, p.b1, p.w2, p.b2]);
        const expected = { w1, b1, w2, b2 };
        const actual = (submission.mlpGradients as Gradients)(p, x, yf);
        const why = differs(expected, actual, { atol: 1e-5, rtol: 1e-3 });
        return why
          ? { passed: false, message: `mlpGradients ${why}`, expected: show(expected), actual: show(actual) }
          : { passed: true, message: 'w1, b1, w2 and b2 match tf.grads of the loss' };
      },
    }),
    d.custom('training solves XOR', {
      timeLimitMs: 30000,
      hint: 'Each epoch: the gradients of all four points, then param − learningRate·gradient for all four parameters, feeding the new parameters into the next epoch.',
      run: ({ tf, submission, make, show }) => {
        const initial = make(params(4)) as Params;
        const trained = (submission.trainXor as Train)(initial, 2000, 1);
        const out = (submission.mlpForward as Forward)(trained, tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]])).output;
        const p = Array.from(out.dataSync());
        const wrong = [0, 1, 1, 0].filter((label, i) => (p[i] > 0.5 ? 1 : 0) !== label).length;
        const confident = p.every((v, i) => Math.abs(v - [0, 1, 1, 0][i]) < 0.2);
        return wrong === 0 && confident
          ? { passed: true, message: `after 2000 epochs: ${show(out)}` }
          : {
              passed: false,
              message: `after 2000 epochs at learning rate 1, ${wrong} of 4 XOR points are misclassified${wrong === 0 ? ' (or not within 0.2 of their label)' : ''}`,
              input: 'initial parameters: w1 [2, 4], b1 [4], w2 [4, 1], b2 [1], seeded',
              expected: '≈ [[0], [1], [1], [0]]',
              actual: show(out),
            };
      },
    }),
    d.forbid('computes the gradients by hand', {
      pattern: /\btf\s*\.\s*(grad|grads|valueAndGrad|valueAndGrads|variableGrads|customGrad|train|layers|sequential|model)\b/,
      what: 'autodiff, tf.train or tf.layers',
      hint: 'Write the backward pass with tf.matMul, tf.mul, tf.sub and tf.sum, and the update yourself.',
    }),
  ];
}
