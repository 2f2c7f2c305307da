import * as tf from '@tensorflow/tfjs';

export interface MovingStatistics {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/** Batch normalization of x [batch, features]; in training also returns the updated moving statistics. */
export function batchNorm(
  x: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  moving: MovingStatistics,
  momentum: number,
  epsilon: number,
  training: boolean,
): { y: tf.Tensor2D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  throw new Error('Not implemented yet: write batchNorm');
}
