import * as tf from '@tensorflow/tfjs';

/** The mean of (yTrue − yPred)² over every element, as a scalar tensor. */
export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  throw new Error('Not implemented yet: write meanSquaredError');
}
