import * as tf from '@tensorflow/tfjs';

/** One LSTM step with Keras's gate order i, f, c, o in kernel [inputs, 4·units], recurrentKernel [units, 4·units], bias [4·units]. */
export function lstmCell(
  x: tf.Tensor2D,
  h: tf.Tensor2D,
  c: tf.Tensor2D,
  kernel: tf.Tensor2D,
  recurrentKernel: tf.Tensor2D,
  bias: tf.Tensor1D,
): { h: tf.Tensor2D; c: tf.Tensor2D } {
  throw new Error('Not implemented yet: write lstmCell');
}
