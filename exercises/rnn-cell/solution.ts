import * as tf from '@tensorflow/tfjs';

export function rnnCell(x: tf.Tensor2D, h: tf.Tensor2D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.tanh(tf.add<tf.Tensor2D>(tf.add(tf.matMul(x, wx), tf.matMul(h, wh)), b));
}

export function rnnSequence(
  xs: tf.Tensor3D,
  h0: tf.Tensor2D,
  wx: tf.Tensor2D,
  wh: tf.Tensor2D,
  b: tf.Tensor1D,
): { outputs: tf.Tensor3D; last: tf.Tensor2D } {
  // Axis 1 is time: unstack gives one [batch, inputs] tensor per step, in order.
  const steps = tf.unstack(xs, 1) as tf.Tensor2D[];
  const states: tf.Tensor2D[] = [];
  let h = h0;
  for (const x of steps) {
    h = rnnCell(x, h, wx, wh, b);
    states.push(h);
  }
  return { outputs: tf.stack(states, 1) as tf.Tensor3D, last: h };
}
