import * as tf from '@tensorflow/tfjs';

export interface AdamState {
  m: tf.Tensor;
  v: tf.Tensor;
  t: number;
}

export function adamStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  state: AdamState,
  learningRate: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): { param: tf.Tensor; m: tf.Tensor; v: tf.Tensor; t: number } {
  const t = state.t + 1;
  const m = tf.add(tf.mul(beta1, state.m), tf.mul(1 - beta1, grad));
  const v = tf.add(tf.mul(beta2, state.v), tf.mul(1 - beta2, tf.square(grad)));
  // The moments start at zero; dividing by 1 − βᵗ removes that bias from the early steps.
  const mHat = tf.div(m, 1 - beta1 ** t);
  const vHat = tf.div(v, 1 - beta2 ** t);
  const step = tf.div(tf.mul(learningRate, mHat), tf.add(tf.sqrt(vHat), epsilon));
  return { param: tf.sub(param, step), m, v, t };
}
