// Planted bug: drops but does not scale the kept values.
// fails: kept values are scaled by 1 / (1 − rate)
// fails: keeps the mean of the activations
import * as tf from '@tensorflow/tfjs';

export function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  if (!training) return x;
  return tf.mul(x, tf.cast(tf.greaterEqual(tf.randomUniform(x.shape), rate), x.dtype));
}
