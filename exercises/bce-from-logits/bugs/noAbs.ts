// Planted bug: log(1 + exp(−z)) without the absolute value overflows for z ≪ 0.
// fails: confident logits stay finite
import * as tf from '@tensorflow/tfjs';

export function binaryCrossEntropyFromLogits(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.mean(tf.add(tf.sub(logits, tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(logits)))));
}
