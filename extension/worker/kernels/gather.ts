// `GatherV2` along the first axis for the wasm backend: row copies inside the backend's heap.
// `model.fit` takes every batch out of the whole training set with a gather along axis 0 (the
// batch's sample indices), twice per step (inputs and targets); the stock wasm kernel spent
// ≈ 0.9 ms on each of the seed CNN's [64, 28, 28, 1] batches, ≈ 7 % of a step, for 200 KB of
// copies. Other axes, batch dimensions and dtypes keep the stock kernel.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fasterWhere, kernelInputs, type Tf } from './kernelUtil';

/** Bytes per element of the dtypes the wasm backend keeps in its heap. */
const BYTES: Partial<Record<tfType.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

export function gatherKernel(tf: Tf, stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const backend = args.backend as BackendWasm;
    const { x, indices } = kernelInputs(args.inputs, 'x', 'indices');
    const { axis, batchDims } = args.attrs as unknown as tfType.GatherV2Attrs;
    const bytes = BYTES[x.dtype];
    if (bytes === undefined || indices.dtype !== 'int32' || x.shape.length === 0 || (batchDims ?? 0) !== 0 || tf.util.parseAxisParam(axis, x.shape)[0] !== 0) {
      return undefined;
    }
    const rows = x.shape[0];
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < idx.length; i++) {
      // The cpu backend's check and message.
      if (!(idx[i] >= 0 && idx[i] <= rows - 1)) throw new Error(`GatherV2: the index value ${idx[i]} is not in [0, ${rows - 1}]`);
    }
    const rowBytes = (tf.util.sizeFromShape(x.shape) / Math.max(rows, 1)) * bytes;
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // Views and offsets after the allocation: growing the heap replaces its buffer.
    const heap = (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8;
    const from = backend.getMemoryOffset(x.dataId);
    const to = backend.getMemoryOffset(out.dataId);
    const at = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < at.length; i++) heap.copyWithin(to + i * rowBytes, from + at[i] * rowBytes, from + (at[i] + 1) * rowBytes);
    return out;
  });
}
