// Planted bug: uses the batch statistics at inference too.
// fails: inference uses the moving statistics
// fails: inference on a batch of one
import * as tf from '@tensorflow/tfjs';

export function batchNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, moving: { mean: tf.Tensor1D; variance: tf.Tensor1D }, momentum: number, epsilon: number, training: boolean): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const mean = tf.mean(x, 0);
  const variance = tf.mean(tf.square(tf.sub(x, mean)), 0);
  const y = tf.add(tf.mul(gamma, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)))), beta);
  if (!training) return { y, mean: moving.mean, variance: moving.variance };
  return { y, mean: tf.add(tf.mul(momentum, moving.mean), tf.mul(1 - momentum, mean)), variance: tf.add(tf.mul(momentum, moving.variance), tf.mul(1 - momentum, variance)) };
}
