// Planted bug: x − log(Σ exp(x)) without the shift overflows for large logits.
// fails: large logits do not overflow
import * as tf from '@tensorflow/tfjs';

export function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(logits, tf.log(tf.sum(tf.exp(logits), -1, true)));
}
