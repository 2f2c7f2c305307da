import * as tf from '@tensorflow/tfjs';

export function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  if (!training || rate === 0) return x;
  // Each element is kept with probability 1 − rate; kept ones are scaled so the mean is unchanged.
  const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1), rate);
  return tf.div(tf.mul(x, tf.cast(keep, x.dtype)), 1 - rate);
}
