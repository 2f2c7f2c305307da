// Planted bug: sums over the batch instead of averaging.
// fails: categorical: one-hot labels, random logits
// fails: sparse: class indices, random logits
// fails: gradient with respect to the logits
import * as tf from '@tensorflow/tfjs';

function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

export function categoricalCrossEntropy(labels: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum<tf.Scalar>(tf.mul(labels, logSoftmax(logits))));
}

export function sparseCategoricalCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  return categoricalCrossEntropy(tf.oneHot(labels, logits.shape[1]).toFloat() as tf.Tensor2D, logits);
}
