// Planted bug: multiplies the weights by the mask after the softmax, so rows no longer sum to 1.
// fails: a padding mask blocks keys
// fails: a causal mask sees only the past
import * as tf from '@tensorflow/tfjs';

export function attention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, mask: tf.Tensor3D | null): { output: tf.Tensor3D; weights: tf.Tensor3D } {
  const scores = tf.div<tf.Tensor3D>(tf.matMul(q, k, false, true), Math.sqrt(q.shape[2]));
  let weights = tf.softmax(scores, -1);
  if (mask) weights = tf.mul(weights, mask);
  return { output: tf.matMul(weights, v), weights };
}
