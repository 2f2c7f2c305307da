// Planted bug: subtracts the maximum of the whole batch, not of each row, so a row far below
// the batch maximum underflows to 0 / 0.
// fails: large logits do not overflow
import * as tf from '@tensorflow/tfjs';

export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  const e = tf.exp(tf.sub(logits, tf.max(logits)));
  return tf.div(e, tf.sum(e, -1, true));
}
