// Planted bug: lets tf.grads do the work the drill asks for.
// fails: computes the gradients by hand
import * as tf from '@tensorflow/tfjs';

export function denseBackward(x: tf.Tensor2D, w: tf.Tensor2D, dy: tf.Tensor2D): { dx: tf.Tensor2D; dw: tf.Tensor2D; db: tf.Tensor1D } {
  const b = tf.zeros([w.shape[1]]);
  const [dx, dw, db] = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb), dy)))([x, w, b]);
  return { dx: dx as tf.Tensor2D, dw: dw as tf.Tensor2D, db: db as tf.Tensor1D };
}
