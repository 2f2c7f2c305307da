import * as tf from '@tensorflow/tfjs';

export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.mean(tf.square(tf.sub(yTrue, yPred)));
}
