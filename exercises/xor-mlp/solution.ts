import * as tf from '@tensorflow/tfjs';

export interface MlpParams {
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

export function mlpForward(params: MlpParams, x: tf.Tensor2D): { hidden: tf.Tensor2D; output: tf.Tensor2D } {
  const hidden = tf.tanh(tf.add<tf.Tensor2D>(tf.matMul(x, params.w1), params.b1));
  const output = tf.sigmoid(tf.add<tf.Tensor2D>(tf.matMul(hidden, params.w2), params.b2));
  return { hidden, output };
}

export function mlpGradients(params: MlpParams, x: tf.Tensor2D, y: tf.Tensor2D): MlpParams {
  const { hidden, output } = mlpForward(params, x);
  const n = x.shape[0];
  // Sigmoid followed by cross-entropy: the gradient at the pre-activation is simply (p − y) / n.
  const dz2 = tf.div<tf.Tensor2D>(tf.sub(output, y), n);
  const dh = tf.matMul(dz2, params.w2, false, true);
  const dz1 = tf.mul<tf.Tensor2D>(dh, tf.sub(1, tf.square(hidden)));
  return {
    w1: tf.matMul(x, dz1, true, false),
    b1: tf.sum(dz1, 0),
    w2: tf.matMul(hidden, dz2, true, false),
    b2: tf.sum(dz2, 0),
  };
}

export function trainXor(params: MlpParams, epochs: number, learningRate: number): MlpParams {
  const x = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tf.tensor2d([[0], [1], [1], [0]]);
  let p = params;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const previous = p;
    p = tf.tidy(() => {
      const g = mlpGradients(previous, x, y);
      return {
        w1: tf.sub<tf.Tensor2D>(previous.w1, tf.mul(learningRate, g.w1)),
        b1: tf.sub<tf.Tensor1D>(previous.b1, tf.mul(learningRate, g.b1)),
        w2: tf.sub<tf.Tensor2D>(previous.w2, tf.mul(learningRate, g.w2)),
        b2: tf.sub<tf.Tensor1D>(previous.b2, tf.mul(learningRate, g.b2)),
      };
    });
    // The caller's initial parameters stay theirs; only our intermediate ones are released.
    if (previous !== params) tf.dispose([previous.w1, previous.b1, previous.w2, previous.b2]);
  }
  x.dispose();
  y.dispose();
  return p;
}
