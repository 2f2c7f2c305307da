// Loads DeepDrill's own WebAssembly SIMD kernels (assembly/simdKernels.ts, built by
// scripts/build.mjs to dist/simdKernels.wasm) into a tfjs wasm backend. The module imports the
// backend's WebAssembly.Memory, so its functions take the backend's data pointers
// (`getMemoryOffset`) and work on tensors in place.
//
// Each build comes for an unshared memory (the stock backend) and for a shared one (the backend
// loaded for kernel threads, kernelThreads.ts: the large calls are then split with a helper
// thread).
//
// Optional by design: when the .wasm file is missing (sources not built), the backend does not
// export its memory (the threaded build) or DEEPDRILL_SIMD_KERNELS=0 (to measure the
// difference), `simdKernelsFor` returns undefined and every kernel keeps its JavaScript /
// XNNPACK path. The equivalence tests run every kernel on every build.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { isSplit, kernelThreadsWanted, withKernelThreads } from './kernelThreads';
import { distFile } from './kernelUtil';

/** A forward convolution over NHWC pointers in the backend's memory (both direct-conv kernels). */
type Conv2dForwardKernel = (
  x: number,
  w: number,
  y: number,
  n: number,
  h: number,
  wd: number,
  c: number,
  oh: number,
  ow: number,
  o: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  padTop: number,
  padLeft: number,
) => void;

/** The exports of dist/simdKernels.wasm; pointers are byte offsets into the backend's memory. */
export interface SimdKernels {
  conv2dFilterGrad(
    x: number,
    dy: number,
    out: number,
    n: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    o: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
  ): void;
  conv2dForward: Conv2dForwardKernel;
  conv2dFewChannels: Conv2dForwardKernel;
  maxPoolGrad2x2(x: number, dy: number, dx: number, n: number, h: number, w: number, c: number): void;
  maxPool2x2(x: number, y: number, n: number, h: number, w: number, c: number): void;
  /** y[r, 0..c) = x[r, 0..c) + bias for r < rows. */
  addBias(x: number, bias: number, y: number, rows: number, c: number): void;
  sumRows(x: number, out: number, acc: number, rows: number, cols: number): void;
  addPartials(dst: number, src: number, n: number, count: number): void;
  gemm(a: number, aRow: number, aCol: number, b: number, c: number, m: number, k: number, n: number): void;
  transpose2d(src: number, dst: number, rows: number, cols: number): void;
  adamUpdate(
    w: number,
    wOut: number,
    g: number,
    m: number,
    v: number,
    n: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    c1: number,
    c2: number,
    eps: number,
    negLr: number,
  ): void;
}

/** The backend's Emscripten module, as far as these kernels use it. */
interface EmscriptenHeap {
  asm?: { memory?: unknown };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

/**
 * Two builds of the same source: plain SIMD, and with fused multiply-adds (relaxed SIMD, ≈ 25 %
 * faster filter gradients here). Node 20 compiles relaxed SIMD only behind a V8 flag; it is
 * set at run time before compiling (a compile-time check, so it applies to modules compiled
 * afterwards, in every thread). Where it still fails to compile, the plain build loads.
 */
export type SimdVariant = 'relaxed' | 'plain';
const WASM_FILES: Record<SimdVariant, { unshared: string; shared: string }> = {
  relaxed: { unshared: 'simdKernelsRelaxed.wasm', shared: 'simdKernelsRelaxedShared.wasm' },
  plain: { unshared: 'simdKernels.wasm', shared: 'simdKernelsShared.wasm' },
};
const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

// The parts of the WebAssembly JS API used here; Node's typings (without the DOM lib) declare
// only some of them as values.
interface WasmMemory {
  buffer: ArrayBuffer | SharedArrayBuffer;
}
type WasmModule = object;
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const compiled = new Map<string, WasmModule | null>();
const instances = new WeakMap<BackendWasm, Map<SimdVariant, SimdKernels | null>>();

function compiledModule(variant: SimdVariant, shared: boolean): WasmModule | null {
  const file = WASM_FILES[variant][shared ? 'shared' : 'unshared'];
  let module = compiled.get(file);
  if (module === undefined) {
    module = null;
    const path = distFile(file);
    if (path) {
      if (variant === 'relaxed') setFlagsFromString(RELAXED_SIMD_FLAG);
      try {
        // Synchronous: the module is ≈ 2 KB and kernels are synchronous.
        module = new wasmApi.Module(readFileSync(path));
      } catch {
        // This Node cannot compile relaxed SIMD: the plain build follows.
      }
    }
    compiled.set(file, module);
  }
  return module;
}

/**
 * The build wanted: relaxed unless DEEPDRILL_SIMD_KERNELS=plain; none with
 * DEEPDRILL_SIMD_KERNELS=0 (both read on every call, so a measurement can switch).
 */
function wantedVariants(): SimdVariant[] {
  const asked = process.env.DEEPDRILL_SIMD_KERNELS;
  return asked === '0' ? [] : asked === 'plain' ? ['plain'] : ['relaxed', 'plain'];
}

/** Which build of DeepDrill's SIMD kernels runs on `backend`, if any. */
export function simdKernelsVariant(backend: BackendWasm): SimdVariant | undefined {
  for (const variant of wantedVariants()) {
    const perVariant = instances.get(backend) ?? new Map<SimdVariant, SimdKernels | null>();
    instances.set(backend, perVariant);
    let kernels = perVariant.get(variant);
    if (kernels === undefined) {
      kernels = instantiate(backend, variant);
      perVariant.set(variant, kernels);
    }
    if (kernels) return variant;
  }
  return undefined;
}

/** DeepDrill's SIMD kernels bound to `backend`'s memory, or undefined where they cannot run. */
export function simdKernelsFor(backend: BackendWasm): SimdKernels | undefined {
  const variant = simdKernelsVariant(backend);
  return variant ? (instances.get(backend)?.get(variant) ?? undefined) : undefined;
}

/** Whether the large calls of `backend`'s SIMD kernels are split with a helper thread. */
export function simdKernelsSplit(backend: BackendWasm): boolean {
  const kernels = simdKernelsFor(backend);
  return kernels !== undefined && isSplit(kernels);
}

function instantiate(backend: BackendWasm, variant: SimdVariant): SimdKernels | null {
  const memory = (backend.wasm as unknown as EmscriptenHeap).asm?.memory;
  if (!(memory instanceof wasmApi.Memory)) return null;
  const shared = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  const module = compiledModule(variant, shared);
  if (!module) return null;
  try {
    const raw = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    if (!shared || !kernelThreadsWanted()) return raw;
    const heap = backend.wasm as unknown as EmscriptenHeap;
    return withKernelThreads(raw, module, memory, { malloc: (bytes) => heap._malloc(bytes), free: (ptr) => heap._free(ptr) });
  } catch {
    return null;
  }
}

/** Scratch memory inside the backend's heap for the duration of `use`. */
export function withScratch<T>(backend: BackendWasm, bytes: number, use: (ptr: number) => T): T {
  const heap = backend.wasm as unknown as EmscriptenHeap;
  const ptr = heap._malloc(bytes);
  if (ptr === 0) throw new Error(`the wasm backend could not allocate ${bytes} bytes of scratch memory`);
  try {
    return use(ptr);
  } finally {
    heap._free(ptr);
  }
}
