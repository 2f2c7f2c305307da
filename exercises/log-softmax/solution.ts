import * as tf from '@tensorflow/tfjs';

export function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  // The sum is in [1, classes]: its log neither overflows nor underflows.
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}
