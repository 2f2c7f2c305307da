// Planted bug: scales at inference too (mixing up dropout and inverted dropout).
// fails: inference returns x unchanged
import * as tf from '@tensorflow/tfjs';

export function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  if (!training) return tf.mul(x, 1 - rate);
  const keep = tf.greaterEqual(tf.randomUniform(x.shape), rate);
  return tf.div(tf.mul(x, tf.cast(keep, x.dtype)), 1 - rate);
}
