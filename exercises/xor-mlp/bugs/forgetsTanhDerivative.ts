// Planted bug: backpropagates through tanh as if it were the identity.
// fails: gradients on the XOR points
// fails: gradients agree with tf.grads of the loss
import * as tf from '@tensorflow/tfjs';
import type { MlpParams } from '../solution';

export { mlpForward, trainXor } from '../solution';
import { mlpForward } from '../solution';

export function mlpGradients(params: MlpParams, x: tf.Tensor2D, y: tf.Tensor2D): MlpParams {
  const { hidden, output } = mlpForward(params, x);
  const dz2 = tf.div<tf.Tensor2D>(tf.sub(output, y), x.shape[0]);
  const dz1 = tf.matMul(dz2, params.w2, false, true);
  return { w1: tf.matMul(x, dz1, true, false), b1: tf.sum(dz1, 0), w2: tf.matMul(hidden, dz2, true, false), b2: tf.sum(dz2, 0) };
}
