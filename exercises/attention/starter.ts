import * as tf from '@tensorflow/tfjs';

/** softmax(q·kᵀ / √d, masked) · v, batched; mask is [batch, queries, keys] of 0/1 or null. */
export function attention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  mask: tf.Tensor3D | null,
): { output: tf.Tensor3D; weights: tf.Tensor3D } {
  throw new Error('Not implemented yet: write attention');
}
