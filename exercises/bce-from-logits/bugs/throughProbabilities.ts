// Planted bug: through probabilities, the textbook way; log(0) for confident logits.
// fails: confident logits stay finite
// fails: gradient stays finite for confident logits
import * as tf from '@tensorflow/tfjs';

export function binaryCrossEntropyFromLogits(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  const p = tf.div(1, tf.add(1, tf.exp(tf.neg(logits))));
  const perElement = tf.neg(tf.add(tf.mul(labels, tf.log(p)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, p)))));
  return tf.mean(perElement);
}
