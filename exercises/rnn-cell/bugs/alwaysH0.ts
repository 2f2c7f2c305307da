// Planted bug: feeds h0 to every step instead of the previous state.
// fails: sequence: random inputs from a zero state
// fails: sequence: the state carries information forward
import * as tf from '@tensorflow/tfjs';

export function rnnCell(x: tf.Tensor2D, h: tf.Tensor2D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.tanh(tf.add<tf.Tensor2D>(tf.add(tf.matMul(x, wx), tf.matMul(h, wh)), b));
}

export function rnnSequence(xs: tf.Tensor3D, h0: tf.Tensor2D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): { outputs: tf.Tensor3D; last: tf.Tensor2D } {
  const states = (tf.unstack(xs, 1) as tf.Tensor2D[]).map((x) => rnnCell(x, h0, wx, wh, b));
  return { outputs: tf.stack(states, 1) as tf.Tensor3D, last: states[states.length - 1] };
}
