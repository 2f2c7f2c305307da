import * as tf from '@tensorflow/tfjs';

export function relu(x: tf.Tensor): tf.Tensor {
  return tf.maximum(x, 0);
}

export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {
  // For 0 ≤ alpha < 1, max(x, alpha·x) picks x on the positive side and alpha·x on the negative.
  return tf.maximum(x, tf.mul(x, alpha));
}
