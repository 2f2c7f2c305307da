import * as tf from '@tensorflow/tfjs';

export interface AdamState {
  m: tf.Tensor;
  v: tf.Tensor;
  /** Steps taken so far (0 before the first). */
  t: number;
}

/** One Adam step with bias correction; returns the new parameter and state. */
export function adamStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  state: AdamState,
  learningRate: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): { param: tf.Tensor; m: tf.Tensor; v: tf.Tensor; t: number } {
  throw new Error('Not implemented yet: write adamStep');
}
