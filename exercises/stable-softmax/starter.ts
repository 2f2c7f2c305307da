import * as tf from '@tensorflow/tfjs';

/** Softmax over the last axis of [batch, classes] logits; every row sums to 1. */
export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  throw new Error('Not implemented yet: write softmax');
}
