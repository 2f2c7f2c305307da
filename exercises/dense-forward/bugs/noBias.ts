// Planted bug: forgets the bias.
// fails: linear: a batch of random inputs
// fails: zero weights give the bias on every row
// fails: gradients with respect to w and b
import * as tf from '@tensorflow/tfjs';

export function denseForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: 'linear' | 'relu' | 'sigmoid' | 'tanh'): tf.Tensor {
  const z = tf.matMul(x, w);
  return activation === 'linear' ? z : activation === 'relu' ? tf.relu(z) : activation === 'sigmoid' ? tf.sigmoid(z) : tf.tanh(z);
}
