// Planted bug: averages the bias gradient over the batch instead of summing it.
// fails: random inputs and upstream gradient
// fails: the bias gradient sums over the batch
// fails: agrees with tf.grads of the forward pass
import * as tf from '@tensorflow/tfjs';

export function denseBackward(x: tf.Tensor2D, w: tf.Tensor2D, dy: tf.Tensor2D): { dx: tf.Tensor2D; dw: tf.Tensor2D; db: tf.Tensor1D } {
  return { dx: tf.matMul(dy, w, false, true), dw: tf.matMul(x, dy, true, false), db: tf.mean(dy, 0) };
}
