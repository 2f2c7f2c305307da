// Helpers shared by DeepDrill's wasm training kernels.
//
// Most kernels here are compositions of public tfjs ops (conv2d, matMul, slice…) that the wasm
// backend runs fast. A kernel receives `TensorInfo`s, not tensors; `wrapInput` turns one into a
// tensor the ops accept. The engine does not take a reference when it wraps a `TensorInfo`, so
// disposing such a wrapper would free the caller's data — hence the `incRef` first.
// Kernels return a `Tensor` created inside their `tidy`: the engine adopts a returned tensor as
// the kernel's output as is. Never `tf.keep` it: that would leak it past every enclosing tidy.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type Tf = typeof tfType;

/**
 * A file the build writes to dist/ (the kernels' .wasm builds, the kernel helper thread): beside
 * the bundle (dist/worker.js), or from the sources (tests, bench under tsx) in the repo's dist/.
 */
export function distFile(file: string): string | undefined {
  for (const p of [join(__dirname, file), join(__dirname, '..', '..', '..', 'dist', file)]) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function wrapInput(tf: Tf, backend: BackendWasm, info: tfType.TensorInfo): tfType.Tensor {
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info, backend);
}

/**
 * Pads (positive amounts) and crops (negative amounts) the spatial axes 1 and 2 of an NHWC
 * tensor in one go: gradient convolutions need both, e.g. when a forward 'valid' conv with
 * stride > 1 ignored the last rows of its input, or an explicit padding exceeds the filter.
 */
export function padOrCrop(
  tf: Tf,
  t: tfType.Tensor4D,
  top: number,
  bottom: number,
  left: number,
  right: number,
): tfType.Tensor4D {
  const [n, h, w, c] = t.shape;
  let out = t;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const t0 = Math.max(0, -top);
    const l0 = Math.max(0, -left);
    out = tf.slice(out, [0, t0, l0, 0], [n, h - t0 - Math.max(0, -bottom), w - l0 - Math.max(0, -right), c]);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = tf.pad(out, [
      [0, 0],
      [Math.max(0, top), Math.max(0, bottom)],
      [Math.max(0, left), Math.max(0, right)],
      [0, 0],
    ]);
  }
  return out;
}

/**
 * Inserts `strideH - 1` / `strideW - 1` zeros between the rows / columns of an NHWC tensor:
 * the gradient of a strided convolution with respect to its input is a stride-1 convolution of
 * this "dilated" gradient. Done with a reshape and a pad, which the wasm backend runs natively.
 * Output spatial size: (h - 1) * strideH + 1 by (w - 1) * strideW + 1.
 */
export function dilateSpatial(tf: Tf, t: tfType.Tensor4D, strideH: number, strideW: number): tfType.Tensor4D {
  if (strideH === 1 && strideW === 1) return t;
  const [n, h, w, c] = t.shape;
  const spread = tf.pad(tf.reshape(t, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, strideH - 1],
    [0, 0],
    [0, strideW - 1],
    [0, 0],
  ]);
  const full = tf.reshape(spread, [n, h * strideH, w * strideW, c]);
  return tf.slice(full, [0, 0, 0, 0], [n, (h - 1) * strideH + 1, (w - 1) * strideW + 1, c]) as tfType.Tensor4D;
}

/** Geometry of a 2-D convolution as the gradient kernels need it. */
export interface ConvGeometry {
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
}

/** The attributes every conv kernel's geometry comes from (dilations absent means 1). */
export interface ConvAttrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: 'valid' | 'same' | number | tfType.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The geometry of a conv (or depthwise conv) of `inputShape` by `filterShape`, as tfjs computes it. */
export function convGeometry(
  tf: Tf,
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: ConvAttrs,
  depthwise = false,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  return {
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * The operands of a filter gradient as plain matrix products, without gathering image patches.
 *
 * dW[i, j, c, o] = Σ_{n,y,x} x[n, y·s + i·d, x·s + j·d, c] · dy[n, y, x, o] (x padded). Spread dy
 * onto the padded input's grid (zeros between rows/columns for stride s, zeros past its end) and
 * flatten both over (n, row, column) into P positions: then tap (i, j) reads x at a constant
 * offset i·d·W + j·d from dy's position, so its "patch" is one contiguous column range of x laid
 * out as [C, P]. Slices of long contiguous runs are cheap on wasm (its Slice copies run by run
 * in JavaScript, so gathering 11-pixel rows cost more than the matmul), and no transposed matmul
 * is needed (the wasm matmul is ≈ 10× slower with transposeA). Positions where dy is zero may
 * read across a row's end; they contribute nothing.
 */
export interface FilterGradOperands {
  /** x as [C, P + maxShift], zero-padded at the end. */
  xRows: tfType.Tensor2D;
  /** dy spread over the input grid, [P, O]. */
  dyRows: tfType.Tensor2D;
  /** Column offset of tap (i, j) in `xRows`, row-major over the filter. */
  shifts: number[];
  positions: number;
}

export function filterGradOperands(tf: Tf, x: tfType.Tensor4D, dy: tfType.Tensor4D, g: ConvGeometry): FilterGradOperands {
  const [n, h, w, c] = x.shape;
  const o = dy.shape[3];
  const needH = (g.filterHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1;
  const needW = (g.filterWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1;
  const xPad = padOrCrop(tf, x, g.padTop, needH - h - g.padTop, g.padLeft, needW - w - g.padLeft);
  const positions = n * needH * needW;
  const shifts: number[] = [];
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) shifts.push(i * g.dilationHeight * needW + j * g.dilationWidth);
  }
  const maxShift = shifts[shifts.length - 1];
  // With one channel, channels-first is a free reshape.
  const xCp = tf.reshape(c === 1 ? xPad : tf.transpose(xPad, [3, 0, 1, 2]), [c, positions]);
  const xRows = maxShift > 0 ? tf.pad(xCp, [[0, 0], [0, maxShift]]) : xCp;
  const spread = dilateSpatial(tf, dy, g.strideHeight, g.strideWidth);
  const dyGrid = padOrCrop(tf, spread, 0, needH - spread.shape[1], 0, needW - spread.shape[2]);
  const dyRows = tf.reshape(dyGrid, [positions, o]);
  return { xRows: xRows as tfType.Tensor2D, dyRows: dyRows as tfType.Tensor2D, shifts, positions };
}

/** The named inputs of a kernel call, checked present (the engine types them as optional). */
export function kernelInputs<K extends string>(
  inputs: tfType.NamedTensorInfoMap,
  ...names: K[]
): Record<K, tfType.TensorInfo> {
  const out = {} as Record<K, tfType.TensorInfo>;
  for (const name of names) {
    const info = inputs[name];
    if (!info) throw new Error(`kernel input '${name}' is missing`);
    out[name] = info;
  }
  return out;
}

type KernelArgs = Parameters<tfType.KernelFunc>[0];

/**
 * A wasm kernel that computes what `fast` returns a result for and hands every other call to
 * the stock kernel (whose `setupFunc` it keeps, so that the stock kernel's wasm function is
 * bound at backend start-up for those calls).
 */
export function fasterWhere(stock: tfType.KernelConfig, fast: (args: KernelArgs) => tfType.TensorInfo | undefined): tfType.KernelConfig {
  return {
    kernelName: stock.kernelName,
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    kernelFunc: (args: KernelArgs) => fast(args) ?? stock.kernelFunc(args),
  };
}
