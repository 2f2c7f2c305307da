// `BatchMatMul` for the skinny products of training a dense layer on the wasm backend.
//
// A dense layer with few units (the 10-way output of nearly every classifier) needs, per step,
// dx = dy · Wᵀ ([64, 10] · [10, 1600] on the seed CNN) and dW = xᵀ · dy ([1600, 64] · [64, 10]).
// The stock kernel hands them to XNNPACK, which packs the right operand again on every call
// (it changes every step): ≈ 1.1–1.4 ms each for 1 M multiply-adds, ≈ 0.15 ms here. DeepDrill's SIMD `gemm`
// (assembly/simdKernels.ts) reads A through strides and B row by row, so it takes the product in
// whichever orientation makes the long side of the output the SIMD axis, with at most one small
// transpose. Other products (batches, big square ones where XNNPACK's packing pays) keep the
// stock kernel.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fasterWhere, kernelInputs } from './kernelUtil';
import { simdKernelsFor, withScratch } from './simdKernels';

/**
 * Some side of the product (m, k or n) at most this long: where packing, not arithmetic, is the
 * stock kernel's cost. (dx = dy · Wᵀ has k = 10 units; dW = xᵀ · dy has n = 10.)
 */
export const MAX_SKINNY_SIDE = 16;

export function batchMatMulKernel(stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const backend = args.backend as BackendWasm;
    const { a, b } = kernelInputs(args.inputs, 'a', 'b');
    const { transposeA, transposeB } = args.attrs as unknown as tfType.BatchMatMulAttrs;
    const simd = simdKernelsFor(backend);
    if (!simd || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length !== 3 || b.shape.length !== 3 || a.shape[0] !== 1 || b.shape[0] !== 1) {
      return undefined;
    }
    const [m, k] = transposeA ? [a.shape[2], a.shape[1]] : [a.shape[1], a.shape[2]];
    const n = transposeB ? b.shape[1] : b.shape[2];
    if (Math.min(m, n, k) > MAX_SKINNY_SIDE || m * n === 0 || k === 0) return undefined;
    const kernels = simd; // narrowed for the function below
    const out = backend.makeOutput([1, m, n], 'float32');
    // Scratch for one transposed operand and, when the product is taken as Cᵀ, for Cᵀ.
    const scratchFloats = n >= m ? (transposeB ? k * n : 0) : (transposeA ? 0 : k * m) + m * n;
    try {
      withScratch(backend, Math.max(4, scratchFloats * 4), (scratch) => multiply(scratch));
    } catch (e) {
      backend.disposeData(out.dataId); // no scratch memory: nothing is left behind
      throw e;
    }
    return out;

    function multiply(scratch: number): void {
      const pa = backend.getMemoryOffset(a.dataId);
      const pb = backend.getMemoryOffset(b.dataId);
      const pc = backend.getMemoryOffset(out.dataId);
      if (n >= m) {
        // C = A·B with C's rows (n long) as the SIMD axis: B must be [k, n] row-major.
        let bRows = pb;
        if (transposeB) {
          kernels.transpose2d(pb, scratch, n, k);
          bRows = scratch;
        }
        kernels.gemm(pa, transposeA ? 1 : k, transposeA ? m : 1, bRows, pc, m, k, n);
      } else {
        // Cᵀ = Bᵀ·Aᵀ with Cᵀ's rows (m long) as the SIMD axis: Aᵀ must be [k, m] row-major,
        // which a transposed A already is; Bᵀ is read through strides.
        let aRows = pa;
        let ct = scratch;
        if (!transposeA) {
          kernels.transpose2d(pa, scratch, m, k);
          aRows = scratch;
          ct = scratch + k * m * 4;
        }
        kernels.gemm(pb, transposeB ? k : 1, transposeB ? 1 : n, aRows, ct, n, k, m);
        kernels.transpose2d(ct, pc, n, m);
      }
    }
  });
}
