import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

export function denseForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  // b has shape [out] and broadcasts over the batch rows of x·w.
  const z = tf.add<tf.Tensor2D>(tf.matMul(x, w), b);
  switch (activation) {
    case 'linear':
      return z;
    case 'relu':
      return tf.relu(z);
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
  }
}
