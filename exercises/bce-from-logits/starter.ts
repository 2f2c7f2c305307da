import * as tf from '@tensorflow/tfjs';

/** Mean binary cross-entropy of labels in [0, 1] and logits, finite for any logit. */
export function binaryCrossEntropyFromLogits(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  throw new Error('Not implemented yet: write binaryCrossEntropyFromLogits');
}
