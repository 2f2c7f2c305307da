import * as tf from '@tensorflow/tfjs';

export function sigmoid(x: tf.Tensor): tf.Tensor {
  // exp only ever sees -|x| ≤ 0, so z ∈ (0, 1] and neither branch (nor its gradient) overflows.
  const z = tf.exp(tf.neg(tf.abs(x)));
  const onePlusZ = tf.add(1, z);
  return tf.where(tf.greaterEqual(x, 0), tf.div(1, onePlusZ), tf.div(z, onePlusZ));
}
