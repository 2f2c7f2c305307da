// Planted bug: reads the gates in the order i, c, f, o (tfjs's basicLSTMCell order), not Keras's i, f, c, o.
// fails: the gate order is i, f, c, o
// fails: one random step
import * as tf from '@tensorflow/tfjs';

export function lstmCell(x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tf.add<tf.Tensor2D>(tf.add(tf.matMul(x, kernel), tf.matMul(h, recurrentKernel)), bias);
  const [zi, zg, zf, zo] = tf.split(z, 4, 1);
  const newC = tf.add<tf.Tensor2D>(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
  return { h: tf.mul<tf.Tensor2D>(tf.sigmoid(zo), tf.tanh(newC)), c: newC };
}
