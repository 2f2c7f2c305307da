// Planted bug: the formula as written; exp(1000) overflows.
// fails: large logits do not overflow
import * as tf from '@tensorflow/tfjs';

export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  const e = tf.exp(logits);
  return tf.div(e, tf.sum(e, -1, true));
}
