import * as tf from '@tensorflow/tfjs';

/** max(0, x), element by element. */
export function relu(x: tf.Tensor): tf.Tensor {
  throw new Error('Not implemented yet: write relu');
}

/** x where x > 0, alpha · x elsewhere. */
export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {
  throw new Error('Not implemented yet: write leakyRelu');
}
