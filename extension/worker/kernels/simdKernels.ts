// Loads DeepDrill's own WebAssembly SIMD kernels (assembly/simdKernels.ts, built by
// scripts/build.mjs to dist/simdKernels.wasm) into a tfjs wasm backend. The module imports the
// backend's WebAssembly.Memory, so its functions take the backend's data pointers
// (`getMemoryOffset`) and work on tensors in place.
//
// Optional by design: when the .wasm file is missing (sources not built), the backend's memory is
// shared (the threaded build: our module declares an unshared memory) or DEEPDRILL_SIMD_KERNELS=0
// (to measure the difference), `simdKernelsFor` returns undefined and every kernel keeps its
// JavaScript / XNNPACK path.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

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
  maxPoolGrad2x2(x: number, dy: number, dx: number, n: number, h: number, w: number, c: number): void;
  sumRows(x: number, out: number, acc: number, rows: number, cols: number): void;
}

/** The backend's Emscripten module, as far as these kernels use it. */
interface EmscriptenHeap {
  asm?: { memory?: unknown };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

const WASM_FILE = 'simdKernels.wasm';

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

let compiled: WasmModule | null | undefined;
const instances = new WeakMap<BackendWasm, SimdKernels | null>();

/** Beside the bundle (dist/worker.js); from sources (tests, bench under tsx), in the repo's dist/. */
function wasmPath(): string | undefined {
  for (const p of [join(__dirname, WASM_FILE), join(__dirname, '..', '..', '..', 'dist', WASM_FILE)]) {
    if (existsSync(p)) return p;
  }
  return undefined;
}

function compiledModule(): WasmModule | null {
  if (compiled === undefined) {
    const path = wasmPath();
    // Synchronous: the module is ≈ 2 KB and kernels are synchronous.
    compiled = path ? new wasmApi.Module(readFileSync(path)) : null;
  }
  return compiled;
}

/** DeepDrill's SIMD kernels bound to `backend`'s memory, or undefined where they cannot run. */
export function simdKernelsFor(backend: BackendWasm): SimdKernels | undefined {
  if (process.env.DEEPDRILL_SIMD_KERNELS === '0') return undefined;
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    kernels = instantiate(backend);
    instances.set(backend, kernels);
  }
  return kernels ?? undefined;
}

function instantiate(backend: BackendWasm): SimdKernels | null {
  const module = compiledModule();
  const memory = (backend.wasm as unknown as EmscriptenHeap).asm?.memory;
  if (!module || !(memory instanceof wasmApi.Memory) || !(memory.buffer instanceof ArrayBuffer)) return null;
  try {
    return new wasmApi.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
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
