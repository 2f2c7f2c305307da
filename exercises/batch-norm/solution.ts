import * as tf from '@tensorflow/tfjs';

export interface MovingStatistics {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

export function batchNorm(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  moving: MovingStatistics,
  momentum: number,
  epsilon: number,
  training: boolean,
): { y: tf.Tensor2D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const normalise = (mean: tf.Tensor1D, variance: tf.Tensor1D): tf.Tensor2D =>
    tf.add<tf.Tensor2D>(tf.mul(gamma, tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)))), beta);
  if (!training) return { y: normalise(moving.mean, moving.variance), mean: moving.mean, variance: moving.variance };
  const mean = tf.mean<tf.Tensor1D>(x, 0);
  // The biased variance (divide by the batch size), as Keras uses for both normalising and the moving average.
  const variance = tf.mean<tf.Tensor1D>(tf.square(tf.sub(x, mean)), 0);
  return {
    y: normalise(mean, variance),
    mean: tf.add<tf.Tensor1D>(tf.mul(momentum, moving.mean), tf.mul(1 - momentum, mean)),
    variance: tf.add<tf.Tensor1D>(tf.mul(momentum, moving.variance), tf.mul(1 - momentum, variance)),
  };
}
