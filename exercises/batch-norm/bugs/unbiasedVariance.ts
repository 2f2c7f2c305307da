// Planted bug: the unbiased variance (divides by B − 1).
// fails: training: the variance is the biased one
// fails: training: a random batch
import * as tf from '@tensorflow/tfjs';

export function batchNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, moving: { mean: tf.Tensor1D; variance: tf.Tensor1D }, momentum: number, epsilon: number, training: boolean): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const norm = (m: tf.Tensor, v: tf.Tensor) => tf.add(tf.mul(gamma, tf.div(tf.sub(x, m), tf.sqrt(tf.add(v, epsilon)))), beta);
  if (!training) return { y: norm(moving.mean, moving.variance), mean: moving.mean, variance: moving.variance };
  const mean = tf.mean(x, 0);
  const variance = tf.div(tf.sum(tf.square(tf.sub(x, mean)), 0), x.shape[0] - 1);
  return { y: norm(mean, variance), mean: tf.add(tf.mul(momentum, moving.mean), tf.mul(1 - momentum, mean)), variance: tf.add(tf.mul(momentum, moving.variance), tf.mul(1 - momentum, variance)) };
}
