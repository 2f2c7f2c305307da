// Planted bug: computes h from the previous cell state.
// fails: h uses the new cell state
import * as tf from '@tensorflow/tfjs';

export function lstmCell(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tf.add<tf.Tensor2D>(tf.add(tf.matMul(x, kernel), tf.matMul(h, recurrentKernel)), bias);
  const [zi, zf, zg, zo] = tf.split(z, 4, 1);
  const newC = tf.add<tf.Tensor2D>(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
  return { h: tf.mul<tf.Tensor2D>(tf.sigmoid(zo), tf.tanh(c)), c: newC };
}
