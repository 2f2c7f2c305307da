import * as tf from '@tensorflow/tfjs';

/** One step: tanh(x·wx + h·wh + b). */
export function rnnCell(x: tf.Tensor2D, h: tf.Tensor2D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  throw new Error('Not implemented yet: write rnnCell');
}

/** The cell over xs [batch, time, inputs] from h0: every step's state [batch, time, units] and the last one. */
export function rnnSequence(
  xs: tf.Tensor3D,
  h0: tf.Tensor2D,
  wx: tf.Tensor2D,
  wh: tf.Tensor2D,
  b: tf.Tensor1D,
): { outputs: tf.Tensor3D; last: tf.Tensor2D } {
  throw new Error('Not implemented yet: write rnnSequence');
}
