import * as tf from '@tensorflow/tfjs';

/** One step: velocity ← momentum·velocity − learningRate·grad, then param ← param + velocity. */
export function sgdMomentumStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  velocity: tf.Tensor,
  learningRate: number,
  momentum: number,
): { param: tf.Tensor; velocity: tf.Tensor } {
  throw new Error('Not implemented yet: write sgdMomentumStep');
}
