import * as tf from '@tensorflow/tfjs';

export function maxPool2d(x: tf.Tensor4D, size: number, stride: number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const outHeight = Math.floor((height - size) / stride) + 1;
  const outWidth = Math.floor((width - size) / stride) + 1;
  const xs = x.arraySync();
  const out = new Float32Array(batch * outHeight * outWidth * channels);
  let k = 0;
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        for (let c = 0; c < channels; c++) {
          // Start from -Infinity, not 0: a window of negative values has a negative maximum.
          let best = -Infinity;
          for (let a = 0; a < size; a++) {
            for (let b = 0; b < size; b++) best = Math.max(best, xs[n][i * stride + a][j * stride + b][c]);
          }
          out[k++] = best;
        }
      }
    }
  }
  return tf.tensor4d(out, [batch, outHeight, outWidth, channels]);
}
