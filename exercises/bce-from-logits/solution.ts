import * as tf from '@tensorflow/tfjs';

export function binaryCrossEntropyFromLogits(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  // max(z, 0) − z·y + log(1 + exp(−|z|)): the sigmoid folded into the loss, no term overflows.
  const perElement = tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, labels)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  );
  return tf.mean(perElement);
}
