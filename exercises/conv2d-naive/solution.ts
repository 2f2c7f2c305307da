import * as tf from '@tensorflow/tfjs';

export function conv2d(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const [batch, height, width, inChannels] = x.shape;
  const [kh, kw, , outChannels] = filter.shape;
  const outHeight = Math.floor((height - kh) / stride) + 1;
  const outWidth = Math.floor((width - kw) / stride) + 1;
  const xs = x.arraySync();
  const fs = filter.arraySync();
  const out = new Float32Array(batch * outHeight * outWidth * outChannels);
  let k = 0;
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < outHeight; i++) {
      for (let j = 0; j < outWidth; j++) {
        for (let o = 0; o < outChannels; o++) {
          let sum = 0;
          for (let a = 0; a < kh; a++) {
            for (let b = 0; b < kw; b++) {
              for (let c = 0; c < inChannels; c++) sum += xs[n][i * stride + a][j * stride + b][c] * fs[a][b][c][o];
            }
          }
          out[k++] = sum;
        }
      }
    }
  }
  return tf.tensor4d(out, [batch, outHeight, outWidth, outChannels]);
}
