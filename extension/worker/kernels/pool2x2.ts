// `MaxPool` over disjoint 2×2 windows and the bias `Add` of a layer, for the wasm backend, in
// DeepDrill's SIMD kernels: both are single passes over a CNN's largest activations (the seed
// CNN's first conv output is [64, 26, 26, 32], 5.5 MB), ≈ 0.8–0.9 ms each in the stock kernels
// on one thread, and with kernel threads (kernelThreads.ts) the helper takes half the images.
// Everything else keeps the stock kernels.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fasterWhere, kernelInputs, type Tf } from './kernelUtil';
import { isDisjoint2x2 } from './maxPoolGrad';
import { simdKernelsFor } from './simdKernels';

/**
 * 2×2 windows, stride 2, nothing padded, 4·k channels: the pooling layer of nearly every CNN.
 * The maximum follows the cpu backend's rule (NaN never wins), as the gradient kernel assumes.
 */
export function maxPoolKernel(tf: Tf, stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const backend = args.backend as BackendWasm;
    const { x } = kernelInputs(args.inputs, 'x');
    const attrs = args.attrs as unknown as tfType.MaxPoolAttrs;
    const simd = simdKernelsFor(backend);
    if (!simd || x.dtype !== 'float32' || x.shape.length !== 4) return undefined;
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    if (!isDisjoint2x2(info) || info.inChannels % 4 !== 0) return undefined;
    const y = backend.makeOutput(info.outShape, 'float32');
    simd.maxPool2x2(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(y.dataId), info.batchSize, info.inHeight, info.inWidth, info.inChannels);
    return y;
  });
}

/** `Add` of a float32 tensor and a 1-D bias of its last axis (4·k long); any other Add is stock. */
export function biasAddKernel(stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const backend = args.backend as BackendWasm;
    const { a, b } = kernelInputs(args.inputs, 'a', 'b');
    const simd = simdKernelsFor(backend);
    const c = b.shape[0];
    if (!simd || a.dtype !== 'float32' || b.dtype !== 'float32' || b.shape.length !== 1 || a.shape.length < 2 || a.shape[a.shape.length - 1] !== c || c % 4 !== 0) {
      return undefined;
    }
    const y = backend.makeOutput(a.shape, 'float32');
    const rows = a.shape.slice(0, -1).reduce((p, q) => p * q, 1);
    simd.addBias(backend.getMemoryOffset(a.dataId), backend.getMemoryOffset(b.dataId), backend.getMemoryOffset(y.dataId), rows, c);
    return y;
  });
}
