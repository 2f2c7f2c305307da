import * as tf from '@tensorflow/tfjs';

export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** activation(x · w + b) for x [batch, in], w [in, out], b [out]; returns [batch, out]. */
export function denseForward(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, activation: Activation): tf.Tensor2D {
  throw new Error('Not implemented yet: write denseForward');
}
