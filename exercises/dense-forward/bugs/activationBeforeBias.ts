// Planted bug: applies the activation before adding the bias.
// fails: relu
// fails: tanh
import * as tf from '@tensorflow/tfjs';

export function denseForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: 'linear' | 'relu' | 'sigmoid' | 'tanh'): tf.Tensor2D {
  const z = tf.matMul(x, w);
  const a = activation === 'linear' ? z : activation === 'relu' ? tf.relu(z) : activation === 'sigmoid' ? tf.sigmoid(z) : tf.tanh(z);
  return tf.add(a, b);
}
