// Planted bug: squares the mean difference, so errors of opposite sign cancel.
// fails: a rank-1 tensor
import * as tf from '@tensorflow/tfjs';

export function meanSquaredError(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.square(tf.mean(tf.sub(yTrue, yPred)));
}
