import * as tf from '@tensorflow/tfjs';

/** Zeroes each element with probability `rate` and scales the rest by 1 / (1 − rate) when training; identity otherwise. */
export function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
  throw new Error('Not implemented yet: write dropout');
}
