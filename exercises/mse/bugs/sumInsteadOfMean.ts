// Planted bug: the sum of squared errors, not their mean.
// fails: a batch of several outputs
// fails: gradient with respect to the predictions
import * as tf from '@tensorflow/tfjs';

export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.sum(tf.square(tf.sub(yTrue, yPred)));
}
