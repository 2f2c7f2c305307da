// Planted bug: the textbook formula; its values are right but its gradient is NaN for x ≪ 0.
// fails: gradient stays finite for large inputs
import * as tf from '@tensorflow/tfjs';

export function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.div(1, tf.add(1, tf.exp(tf.neg(x))));
}
