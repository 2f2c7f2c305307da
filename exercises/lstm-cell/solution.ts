import * as tf from '@tensorflow/tfjs';

export function lstmCell(
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  c: tf.Tensor2D,
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor1D,
): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tf.add<tf.Tensor2D>(tf.add(tf.matMul(x, kernel), tf.matMul(h, recurrentKernel)), bias);
  // Keras's order along the last axis: input gate, forget gate, candidate, output gate.
  const [zi, zf, zg, zo] = tf.split(z, 4, 1);
  const i = tf.sigmoid(zi);
  const f = tf.sigmoid(zf);
  const g = tf.tanh(zg);
  const o = tf.sigmoid(zo);
  const newC = tf.add<tf.Tensor2D>(tf.mul(f, c), tf.mul(i, g));
  return { h: tf.mul<tf.Tensor2D>(o, tf.tanh(newC)), c: newC };
}
