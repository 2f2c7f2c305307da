// Planted bug: the log of a stable softmax still underflows to log(0) = -Infinity.
// fails: tiny probabilities keep their exact log
import * as tf from '@tensorflow/tfjs';

export function logSoftmax(logits: tf.Tensor2D): tf.Tensor {
  const e = tf.exp(tf.sub(logits, tf.max(logits, -1, true)));
  return tf.log(tf.div(e, tf.sum(e, -1, true)));
}
