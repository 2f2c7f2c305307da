import * as tf from '@tensorflow/tfjs';

function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  const shifted = tf.sub(logits, tf.max(logits, -1, true));
  return tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
}

export function categoricalCrossEntropy(labels: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  const perSample = tf.neg(tf.sum(tf.mul(labels, logSoftmax(logits)), -1));
  return tf.mean(perSample);
}

export function sparseCategoricalCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  const classes = logits.shape[1];
  return categoricalCrossEntropy(tf.oneHot(tf.cast(labels, 'int32'), classes).toFloat() as tf.Tensor2D, logits);
}
