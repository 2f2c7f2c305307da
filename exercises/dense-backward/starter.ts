import * as tf from '@tensorflow/tfjs';

/** Gradients of y = x·w + b given dy = ∂L/∂y: dx like x, dw like w, db like b. */
export function denseBackward(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  dy: tf.Tensor2D,
): { dx: tf.Tensor2D; dw: tf.Tensor2D; db: tf.Tensor1D } {
  throw new Error('Not implemented yet: write denseBackward');
}
