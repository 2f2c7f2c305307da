// Planted bug: exp(x) / (1 + exp(x)) overflows to Infinity / Infinity = NaN for large x.
// fails: large inputs do not overflow
// fails: gradient stays finite for large inputs
import * as tf from '@tensorflow/tfjs';

export function sigmoid(x: tf.Tensor): tf.Tensor {
  const e = tf.exp(x);
  return tf.div(e, tf.add(1, e));
}
