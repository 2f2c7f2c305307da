import * as tf from '@tensorflow/tfjs';

export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  // Subtracting the row maximum leaves softmax unchanged and keeps every exponent ≤ 0.
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  const e = tf.exp(shifted);
  return tf.div(e, tf.sum(e, -1, true));
}
