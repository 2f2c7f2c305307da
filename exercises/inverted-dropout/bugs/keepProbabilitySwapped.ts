// Planted bug: keeps with probability rate instead of 1 − rate.
// fails: drops about a fraction rate of the values
// fails: keeps the mean of the activations
import * as tf from '@tensorflow/tfjs';

export function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  if (!training) return x;
  const keep = tf.less(tf.randomUniform(x.shape), rate);
  return tf.div(tf.mul(x, tf.cast(keep, x.dtype)), 1 - rate);
}
