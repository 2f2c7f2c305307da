// Planted bug: normalises over the batch (axis 0) instead of over the classes.
// fails: rows of random logits
// fails: a batch of one
import * as tf from '@tensorflow/tfjs';

export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  const e = tf.exp(tf.sub(logits, tf.max(logits, 0, true)));
  return tf.div(e, tf.sum(e, 0, true));
}
