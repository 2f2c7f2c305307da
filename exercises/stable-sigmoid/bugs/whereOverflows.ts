// Planted bug: branches on the sign but each branch still overflows on the other side, so
// tf.where's gradient is 0 · Infinity = NaN.
// fails: gradient stays finite for large inputs
import * as tf from '@tensorflow/tfjs';

export function sigmoid(x: tf.Tensor): tf.Tensor {
  const positive = tf.div(1, tf.add(1, tf.exp(tf.neg(x))));
  const e = tf.exp(x);
  const negative = tf.div(e, tf.add(1, e));
  return tf.where(tf.greaterEqual(x, 0), positive, negative);
}
