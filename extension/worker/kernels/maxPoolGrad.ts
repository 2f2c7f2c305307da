// `MaxPoolGrad` for the wasm backend. The stock kernel exists but is slow (≈ 45 ms per step on
// the seed CNN's first pooling layer, 20 % of a training step); this one is a single pass in
// JavaScript over the backend's own memory (no copies): for each pooling window it finds the
// maximum and adds the window's gradient there. ≈ 10× faster.
//
// Ties: when several inputs of a window share the maximum, the whole gradient goes to the FIRST
// one in row-major order, as TensorFlow and the tfjs cpu backend do. (A "mask of all maxima"
// gradient is simpler but differs, and ties are common: a ReLU conv over the blank background
// of an MNIST digit outputs the same bias value everywhere.)
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { kernelInputs, type Tf } from './kernelUtil';

type KernelArgs = Parameters<tfType.KernelFunc>[0];

export function maxPoolGradKernel(tf: Tf, stock: tfType.KernelConfig | undefined): tfType.KernelConfig {
  return {
    kernelName: 'MaxPoolGrad',
    backendName: 'wasm',
    // Binds the stock kernel's wasm function at backend start-up, for the fallback below.
    setupFunc: stock?.setupFunc,
    kernelFunc: (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const { dy, input } = kernelInputs(args.inputs, 'dy', 'input');
      const attrs = args.attrs as unknown as tfType.MaxPoolGradAttrs;
      if (input.dtype !== 'float32' || dy.dtype !== 'float32') {
        if (stock) return stock.kernelFunc(args);
        throw new Error('MaxPoolGrad on wasm supports float32 only');
      }
      const info = tf.backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        attrs.filterSize,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
      );
      const dx = backend.makeOutput(input.shape, 'float32');
      // Views are taken after the allocation above: growing wasm memory detaches older views.
      const xv = backend.typedArrayFromHeap(input) as Float32Array;
      const dyv = backend.typedArrayFromHeap(dy) as Float32Array;
      const dxv = backend.typedArrayFromHeap(dx) as Float32Array;
      dxv.fill(0);
      scatterToMaxima(xv, dyv, dxv, info);
      return dx;
    },
  };
}

function scatterToMaxima(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tfType.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const best = new Float32Array(ch);
  const where = new Int32Array(ch);
  let dyIndex = 0;
  for (let b = 0; b < batchSize; b++) {
    const imageBase = b * inHeight * inWidth * ch;
    for (let yo = 0; yo < outHeight; yo++) {
      const r0 = yo * strideHeight - padTop;
      const rStart = Math.max(0, r0);
      const rEnd = Math.min(inHeight, r0 + filterHeight);
      for (let xo = 0; xo < outWidth; xo++, dyIndex += ch) {
        const c0 = xo * strideWidth - padLeft;
        const cStart = Math.max(0, c0);
        const cEnd = Math.min(inWidth, c0 + filterWidth);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = rStart; r < rEnd; r++) {
          for (let c = cStart; c < cEnd; c++) {
            const base = imageBase + (r * inWidth + c) * ch;
            for (let d = 0; d < ch; d++) {
              const v = x[base + d];
              if (v > best[d]) {
                best[d] = v;
                where[d] = base + d;
              }
            }
          }
        }
        for (let d = 0; d < ch; d++) {
          const at = where[d];
          if (at >= 0) dx[at] += dy[dyIndex + d];
        }
      }
    }
  }
}
