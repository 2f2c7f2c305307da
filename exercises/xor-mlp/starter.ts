import * as tf from '@tensorflow/tfjs';

export interface MlpParams {
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

/** hidden = tanh(x·w1 + b1), output = sigmoid(hidden·w2 + b2). */
export function mlpForward(params: MlpParams, x: tf.Tensor2D): { hidden: tf.Tensor2D; output: tf.Tensor2D } {
  throw new Error('Not implemented yet: write mlpForward');
}

/** Gradients of the mean binary cross-entropy of the output against y, by hand. */
export function mlpGradients(params: MlpParams, x: tf.Tensor2D, y: tf.Tensor2D): MlpParams {
  throw new Error('Not implemented yet: write mlpGradients');
}

/** Full-batch gradient descent on the four XOR points. */
export function trainXor(params: MlpParams, epochs: number, learningRate: number): MlpParams {
  throw new Error('Not implemented yet: write trainXor');
}
