// Planted bug: forgets to divide the scores by √d.
// fails: the scores are scaled by √d
// fails: random queries, keys and values
import * as tf from '@tensorflow/tfjs';

export function attention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor3D | null): { output: tf.Tensor3D; weights: tf.Tensor3D } {
  let scores: tf.Tensor3D = tf.matMul(q, k, false, true);
  if (mask) scores = tf.where(tf.equal(mask, 0), tf.fill(scores.shape, -1e9), scores);
  const weights = tf.softmax(scores, -1);
  return { output: tf.matMul(weights, v), weights };
}
