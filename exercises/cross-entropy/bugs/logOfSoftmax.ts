// Planted bug: the log of a softmax underflows for confident wrong predictions.
// fails: categorical: confident wrong predictions stay finite
// fails: sparse: confident logits stay finite
import * as tf from '@tensorflow/tfjs';

function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  const e = tf.exp(tf.sub(logits, tf.max(logits, -1, true)));
  return tf.div(e, tf.sum(e, -1, true));
}

export function categoricalCrossEntropy(labels: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.neg(tf.sum(tf.mul(labels, tf.log(softmax(logits))), -1)));
}

export function sparseCategoricalCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  return categoricalCrossEntropy(tf.oneHot(labels, logits.shape[1]).toFloat() as tf.Tensor2D, logits);
}
