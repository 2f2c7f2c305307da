import * as tf from '@tensorflow/tfjs';

export function denseBackward(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  dy: tf.Tensor2D,
): { dx: tf.Tensor2D; dw: tf.Tensor2D; db: tf.Tensor1D } {
  return {
    dx: tf.matMul(dy, w, false, true),
    dw: tf.matMul(x, dy, true, false),
    // The bias reached every row of the batch, so its gradient sums over the rows.
    db: tf.sum(dy, 0),
  };
}
