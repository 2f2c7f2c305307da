import * as tf from '@tensorflow/tfjs';

/** log(softmax(logits)) over the last axis, computed without underflow or overflow. */
export function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  throw new Error('Not implemented yet: write logSoftmax');
}
