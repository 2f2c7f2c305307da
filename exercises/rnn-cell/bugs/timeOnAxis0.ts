// Planted bug: walks axis 0 (the batch) as if it were time.
// fails: sequence: random inputs from a zero state
import * as tf from '@tensorflow/tfjs';

export function rnnCell(x: tf.Tensor2D, h: tf.Tensor2D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.tanh(tf.add<tf.Tensor2D>(tf.add(tf.matMul(x, wx), tf.matMul(h, wh)), b));
}

export function rnnSequence(xs: tf.Tensor3D, h0: tf.Tensor2D, wx: tf.Tensor2D, wh: tf.Tensor2D, b: tf.Tensor1D): { outputs: tf.Tensor3D; last: tf.Tensor2D } {
  const steps = tf.unstack(tf.transpose(xs, [1, 0, 2]), 1) as tf.Tensor2D[];
  const states: tf.Tensor2D[] = [];
  let h = tf.slice(h0, [0, 0], [steps[0].shape[0], h0.shape[1]]) as tf.Tensor2D;
  for (const x of steps) {
    h = rnnCell(x, h, wx, wh, b);
    states.push(h);
  }
  return { outputs: tf.stack(states, 0) as tf.Tensor3D, last: h };
}
