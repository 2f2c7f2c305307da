// Gradients of a 2-D convolution for the wasm backend, built on its fast conv2d and matmul.
//
// - `Conv2DBackpropFilter` does not exist in the stock wasm backend (tfjs 4.22), so no Conv2D
//   layer could train on it.
// - `Conv2DBackpropInput` exists but is a direct loop that took ≈ 85–200 ms per step of the
//   seed CNN's second conv layer; the same result as a forward conv2d takes ≈ 15–25 ms.
// Layouts other than NHWC go to the stock kernel (or fail as before where there is none).
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGeometry, type ConvGeometry, dilateSpatial, fasterWhere, filterGradOperands, kernelInputs, padOrCrop, wrapInput, type Tf } from './kernelUtil';
import { type SimdKernels, simdKernelsFor } from './simdKernels';

/**
 * Where DeepDrill's SIMD convolution runs instead of XNNPACK's: float32 NHWC, no dilation, output
 * channels in blocks of 16, at least 4 input channels (with fewer, e.g. a first layer over
 * grey-scale images, XNNPACK is as fast). Seed CNN, CPU ms per call: layer 2 forward ≈ 9.9 → 6.8,
 * its input gradient ≈ 14.7 → 6.9 (fused multiply-add build; plain SIMD ≈ 8.8 and 8.4).
 */
function simdConvApplies(inChannels: number, outChannels: number, dilations: number | [number, number] | undefined): boolean {
  return noDilation(dilations) && inChannels >= 4 && outChannels % 16 === 0;
}

function noDilation(dilations: number | [number, number] | undefined): boolean {
  const d = dilations ?? 1;
  return typeof d === 'number' ? d === 1 : d[0] === 1 && d[1] === 1;
}

/**
 * Where the few-input-channel SIMD convolution (conv2dFewChannels) runs instead of XNNPACK's:
 * 1–3 input channels (a first layer over grey-scale or RGB images), no dilation, at least 16
 * output channels. CPU ms per call, back to back (fused multiply-add build; plain SIMD in
 * brackets): seed CNN layer 1 `[64,28,28,1]*[3,3,1,32]` 2.1 → 0.9 (1.0), `[32,32,32,3]*[3,3,3,64]`
 * 'same' ≈ 5 → 2.6 (3.3–3.9), 16–24 filters ≈ 1.2–1.6 → 0.6–1.0. Below 16 filters only its blocks of 4
 * channels run, which merely match XNNPACK (8 filters) or lose (6, and 13 over RGB).
 */
function fewChannelConvApplies(inChannels: number, outChannels: number, dilations: number | [number, number] | undefined): boolean {
  return noDilation(dilations) && inChannels >= 1 && inChannels <= 3 && outChannels >= 16;
}

function runSimdConv(
  simd: SimdKernels,
  backend: BackendWasm,
  x: tfType.TensorInfo,
  w: tfType.TensorInfo,
  outShape: [number, number, number, number],
  g: { strideHeight: number; strideWidth: number; padTop: number; padLeft: number },
): tfType.TensorInfo {
  const [n, h, wd, c] = x.shape;
  const [kh, kw, , o] = w.shape;
  const out = backend.makeOutput(outShape, 'float32');
  const kernel = c <= 3 ? simd.conv2dFewChannels : simd.conv2dForward;
  kernel(
    backend.getMemoryOffset(x.dataId),
    backend.getMemoryOffset(w.dataId),
    backend.getMemoryOffset(out.dataId),
    n, h, wd, c, outShape[1], outShape[2], o, kh, kw,
    g.strideHeight, g.strideWidth, g.padTop, g.padLeft,
  );
  return out;
}

/**
 * `Conv2D` in DeepDrill's SIMD kernels where they are faster (simdConvApplies,
 * fewChannelConvApplies), else the stock XNNPACK one.
 */
export function conv2dKernel(tf: Tf, stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const backend = args.backend as BackendWasm;
    const { x, filter } = kernelInputs(args.inputs, 'x', 'filter');
    const attrs = args.attrs as unknown as tfType.Conv2DAttrs;
    const simd = simdKernelsFor(backend);
    const [, , c, o] = filter.shape;
    if (!simd || attrs.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32' || !(simdConvApplies(c, o, attrs.dilations) || fewChannelConvApplies(c, o, attrs.dilations))) {
      return undefined;
    }
    const g = convGeometry(tf, x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs);
    return runSimdConv(simd, backend, x, filter, [x.shape[0], g.outHeight, g.outWidth, o], g);
  });
}

/**
 * w[kh − 1 − i, kw − 1 − j, c, o] at [i, j, o, c]: the filter of the input gradient as a
 * convolution. One loop over the heap; tf.reverse + tf.transpose took ≈ 0.6 ms on the seed CNN's
 * [3, 3, 32, 64] filter, mostly the stock Reverse kernel.
 */
function flipFilter(backend: BackendWasm, filter: tfType.TensorInfo): tfType.TensorInfo {
  const [kh, kw, c, o] = filter.shape;
  const out = backend.makeOutput([kh, kw, o, c], 'float32');
  // Views after the allocation: growing the heap replaces its buffer.
  const w = backend.typedArrayFromHeap(filter) as Float32Array;
  const f = backend.typedArrayFromHeap(out) as Float32Array;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const src = ((kh - 1 - i) * kw + (kw - 1 - j)) * c * o;
      const dst = (i * kw + j) * o * c;
      for (let ci = 0; ci < c; ci++) {
        for (let oi = 0; oi < o; oi++) f[dst + oi * c + ci] = w[src + ci * o + oi];
      }
    }
  }
  return out;
}

/** Above this many elements the stacked patch matrix is not built; the taps are multiplied one by one. */
const MAX_PATCH_ELEMENTS = 1 << 24;

type KernelArgs = Parameters<tfType.KernelFunc>[0];

/**
 * dx = conv2d(pad(dilate(dy, stride)), flip(filter) with in/out channels swapped, stride 1).
 * Writing the input gradient as a forward convolution lets XNNPACK's conv do the work.
 */
export function conv2dBackpropInputKernel(tf: Tf, stock: tfType.KernelConfig | undefined): tfType.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    // Binds the stock kernel's wasm function at backend start-up, for the fallback below.
    setupFunc: stock?.setupFunc,
    kernelFunc: (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const { dy, filter } = kernelInputs(args.inputs, 'dy', 'filter');
      const attrs = args.attrs as unknown as tfType.Conv2DBackpropInputAttrs;
      if (attrs.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
        if (stock) return stock.kernelFunc(args);
        throw new Error(`Conv2DBackpropInput on wasm supports float32 NHWC only`);
      }
      const inputShape = attrs.inputShape as [number, number, number, number];
      const g = convGeometry(tf, inputShape, filter.shape as [number, number, number, number], attrs);
      const simd = simdKernelsFor(backend);
      const [kh, kw, c, o] = filter.shape;
      if (simd && g.strideHeight === 1 && g.strideWidth === 1 && simdConvApplies(o, c, 1)) {
        // The same convolution, with the padding skipped inside DeepDrill's SIMD kernel instead of
        // materialised (≈ 28 % of XNNPACK's multiply-adds on the seed CNN were on padding zeros).
        const flipped = flipFilter(backend, filter);
        try {
          return runSimdConv(simd, backend, dy, flipped, inputShape, {
            strideHeight: 1,
            strideWidth: 1,
            padTop: kh - 1 - g.padTop,
            padLeft: kw - 1 - g.padLeft,
          });
        } finally {
          backend.disposeData(flipped.dataId);
        }
      }
      return tf.tidy(() => {
        const dyT = wrapInput(tf, backend, dy) as tfType.Tensor4D;
        const w = wrapInput(tf, backend, filter) as tfType.Tensor4D;
        const [, h, wd] = inputShape;
        const dilated = dilateSpatial(tf, dyT, g.strideHeight, g.strideWidth);
        const top = g.filterHeight - 1 - g.padTop;
        const left = g.filterWidth - 1 - g.padLeft;
        const bottom = h + g.filterHeight - 1 - dilated.shape[1] - top;
        const right = wd + g.filterWidth - 1 - dilated.shape[2] - left;
        const padded = padOrCrop(tf, dilated, top, bottom, left, right);
        const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tfType.Tensor4D;
        return tf.conv2d(padded, flipped, 1, 'valid');
      });
    },
  };
}

/**
 * dW[i, j, c, o] = Σ_{n,y,x} x[n, y·s + i − pad, x·s + j − pad, c] · dy[n, y, x, o].
 * With DeepDrill's SIMD kernels: one pass over x and dy in place. Without them (threaded build,
 * sources not built): one matmul of the taps' input columns [kh·kw·C, P] with dy [P, O] (see
 * filterGradOperands), most of whose cost is XNNPACK re-packing the right operand (a fresh dy
 * every step; the operator cache of the wasm matmul only helps constant weights).
 */
export function conv2dBackpropFilterKernel(tf: Tf): tfType.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const { x, dy } = kernelInputs(args.inputs, 'x', 'dy');
      const attrs = args.attrs as unknown as tfType.Conv2DBackpropFilterAttrs;
      if (attrs.dataFormat === 'NCHW') {
        throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only`);
      }
      const filterShape = attrs.filterShape as [number, number, number, number];
      const g = convGeometry(tf, x.shape as [number, number, number, number], filterShape, attrs);
      // DeepDrill's SIMD kernel reads x and dy in place, with no im2col and no packing: faster than
      // the XNNPACK matmul below on every shape measured (seed CNN layer 1: ≈ 9.4 → 1.1 ms,
      // layer 2: ≈ 19 → 11.5 ms CPU; docs/benchmarks.md). The matmul stays for the threaded build.
      const simd = simdKernelsFor(backend);
      const [kh, kw, c, o] = filterShape;
      if (simd && x.dtype === 'float32' && dy.dtype === 'float32') {
        const [n, h, w] = x.shape;
        const out = backend.makeOutput(filterShape, 'float32');
        simd.conv2dFilterGrad(
          backend.getMemoryOffset(x.dataId),
          backend.getMemoryOffset(dy.dataId),
          backend.getMemoryOffset(out.dataId),
          n, h, w, c, g.outHeight, g.outWidth, o, kh, kw,
          g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft,
        );
        return out;
      }
      return tf.tidy(() => {
        const xT = wrapInput(tf, backend, x) as tfType.Tensor4D;
        const dyT = wrapInput(tf, backend, dy) as tfType.Tensor4D;
        return filterGradFromPatches(tf, backend, xT, dyT, g, filterShape);
      });
    },
  };
}

function filterGradFromPatches(
  tf: Tf,
  backend: BackendWasm,
  x: tfType.Tensor4D,
  dy: tfType.Tensor4D,
  g: ConvGeometry,
  filterShape: [number, number, number, number],
): tfType.Tensor {
  const [kh, kw, c] = filterShape;
  const { xRows, dyRows, shifts, positions } = filterGradOperands(tf, x, dy, g);
  if (kh * kw * c * positions <= MAX_PATCH_ELEMENTS) {
    // [kh·kw·C, P] · [P, O] is already the filter's [kh, kw, C, O] layout.
    return tf.reshape(tf.matMul(stackTaps(tf, backend, xRows, shifts, positions), dyRows), filterShape);
  }
  const tap = (s: number) => tf.slice(xRows, [0, s], [c, positions]);
  const perTap = shifts.map((s) => tf.tidy(() => tf.matMul(tap(s), dyRows)));
  return tf.reshape(tf.stack(perTap), filterShape);
}

/**
 * The taps' input columns stacked into one [kh·kw·C, P] matrix: row (tap, c) is row c of `xRows`
 * from column shifts[tap]. Each row is one contiguous copy inside the wasm heap; the same as
 * concatenating kh·kw slices, whose generic per-row copies took ≈ 12 ms per step of the seed CNN.
 */
function stackTaps(tf: Tf, backend: BackendWasm, xRows: tfType.Tensor2D, shifts: number[], positions: number): tfType.Tensor2D {
  const [c, rowLength] = xRows.shape;
  const out = backend.makeOutput([shifts.length * c, positions], 'float32');
  // Views are taken after the allocation above: growing wasm memory detaches older views.
  const src = backend.typedArrayFromHeap(xRows) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  for (let t = 0; t < shifts.length; t++) {
    for (let ch = 0; ch < c; ch++) {
      const from = ch * rowLength + shifts[t];
      dst.set(src.subarray(from, from + positions), (t * c + ch) * positions);
    }
  }
  // The output is new backend data with one reference, which the returned tensor now owns.
  return tf.engine().makeTensorFromTensorInfo(out, backend) as tfType.Tensor2D;
}
