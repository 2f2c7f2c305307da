// Planted bug: forgets the bias correction, so early steps are far too small.
// fails: the first step from a zero state
// fails: 10 steps agree with tf.train.adam
import * as tf from '@tensorflow/tfjs';

export function adamStep(param: tf.Tensor, grad: tf.Tensor, state: { m: tf.Tensor; v: tf.Tensor; t: number }, learningRate: number, beta1: number, beta2: number, epsilon: number): { param: tf.Tensor; m: tf.Tensor; v: tf.Tensor; t: number } {
  const m = tf.add(tf.mul(beta1, state.m), tf.mul(1 - beta1, grad));
  const v = tf.add(tf.mul(beta2, state.v), tf.mul(1 - beta2, tf.square(grad)));
  return { param: tf.sub(param, tf.div(tf.mul(learningRate, m), tf.add(tf.sqrt(v), epsilon))), m, v, t: state.t + 1 };
}
