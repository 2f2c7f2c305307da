// Planted bug: moves the parameter by the old velocity.
// fails: one step from a random state
// fails: 50 steps on a narrow valley follow the reference
import * as tf from '@tensorflow/tfjs';

export function sgdMomentumStep(param: tf.Tensor, grad: tf.Tensor, velocity: tf.Tensor, learningRate: number, momentum: number): { param: tf.Tensor; velocity: tf.Tensor } {
  return { param: tf.add(param, velocity), velocity: tf.sub(tf.mul(momentum, velocity), tf.mul(learningRate, grad)) };
}
