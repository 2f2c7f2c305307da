// Planted bug: puts epsilon inside the square root.
// fails: epsilon goes outside the square root
import * as tf from '@tensorflow/tfjs';

export function adamStep(param: tf.Tensor, grad: tf.Tensor, state: { m: tf.Tensor; v: tf.Tensor; t: number }, learningRate: number, beta1: number, beta2: number, epsilon: number): { param: tf.Tensor; m: tf.Tensor; v: tf.Tensor; t: number } {
  const t = state.t + 1;
  const m = tf.add(tf.mul(beta1, state.m), tf.mul(1 - beta1, grad));
  const v = tf.add(tf.mul(beta2, state.v), tf.mul(1 - beta2, tf.square(grad)));
  const mHat = tf.div(m, 1 - beta1 ** t);
  const vHat = tf.div(v, 1 - beta2 ** t);
  return { param: tf.sub(param, tf.div(tf.mul(learningRate, mHat), tf.sqrt(tf.add(vHat, epsilon)))), m, v, t };
}
