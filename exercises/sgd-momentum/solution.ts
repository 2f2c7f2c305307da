import * as tf from '@tensorflow/tfjs';

export function sgdMomentumStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  velocity: tf.Tensor,
  learningRate: number,
  momentum: number,
): { param: tf.Tensor; velocity: tf.Tensor } {
  const newVelocity = tf.sub(tf.mul(momentum, velocity), tf.mul(learningRate, grad));
  return { param: tf.add(param, newVelocity), velocity: newVelocity };
}
