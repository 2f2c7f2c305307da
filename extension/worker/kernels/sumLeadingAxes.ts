// `Sum` over the leading axes of a large float32 tensor for the wasm backend: the bias gradient
// of every conv and dense layer (dy summed over batch, rows and columns). The stock kernel first
// transposes the summed axes to the end, a full copy of dy; summing the rows in place, straight
// from the backend's memory, reads it once (≈ 3× faster on the seed CNN's first layer). Every
// other sum goes to the stock kernel.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fasterWhere, kernelInputs, type Tf } from './kernelUtil';
import { simdKernelsFor, withScratch } from './simdKernels';

/** Below this many summed rows the stock kernel is as fast. */
const MIN_ROWS = 1024;

export function sumLeadingAxesKernel(tf: Tf, stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const { x } = kernelInputs(args.inputs, 'x');
    const { axis, keepDims } = args.attrs as unknown as tfType.SumAttrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    if (x.dtype !== 'float32' || !leading || rows < MIN_ROWS) return undefined;
    const kept = x.shape.slice(axes.length);
    const cols = kept.reduce((a, b) => a * b, 1);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const simd = simdKernelsFor(backend);
    if (simd && cols % 4 === 0) {
      // DeepDrill's SIMD kernel: the same double-precision column sums, 4 columns at a time.
      const xAt = backend.getMemoryOffset(x.dataId);
      const outAt = backend.getMemoryOffset(out.dataId);
      withScratch(backend, cols * 8, (acc) => simd.sumRows(xAt, outAt, acc, rows, cols));
      return out;
    }
    // Views are taken after the allocation above: growing wasm memory detaches older views.
    const xv = backend.typedArrayFromHeap(x) as Float32Array;
    const outv = backend.typedArrayFromHeap(out) as Float32Array;
    // Accumulated in doubles, as the cpu backend's sum does.
    const acc = new Float64Array(cols);
    for (let r = 0, at = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, at++) acc[c] += xv[at];
    }
    outv.set(acc);
    return out;
  });
}
