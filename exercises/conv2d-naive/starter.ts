import * as tf from '@tensorflow/tfjs';

/** Valid-padding convolution of NHWC images x with a [kh, kw, in, out] filter, same stride on both axes. */
export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  throw new Error('Not implemented yet: write conv2d');
}
