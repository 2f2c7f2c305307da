// Chooses and initialises the tfjs backend a run trains on. `auto` takes the fastest one that
// loads: native TensorFlow (the optional `@tensorflow/tfjs-node`), else WebAssembly with
// DeepDrill's training kernels, else pure JavaScript. Nothing here prints: in CLI mode the
// worker's stdout carries JSON, so everything worth saying goes into the result.
import type * as tfType from '@tensorflow/tfjs';
import { dirname, join, sep } from 'node:path';
import type { BackendChoice, BackendName, RunError } from '../shared/workerProtocol';
import { registerWasmTrainingKernels } from './kernels/registerWasmKernels';
import { simdKernelsSplit, simdKernelsVariant } from './kernels/simdKernels';
import { kernelThreadsWanted, sharedMemoryWasmPaths } from './kernels/kernelThreads';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { type DataParallelWanted, dataParallelWanted, installDataParallel } from './dataParallel';
import { installThreadedWasm, threadedWasmStatus, wasmThreadsWanted } from './parallelWasm';

export type BackendInit = { ok: true; backend: BackendName; detail: string } | { ok: false; error: RunError };

type Attempt = { ok: true; detail: string } | { ok: false; reason: string; hint: string };

export async function initBackend(tf: typeof tfType, choice: BackendChoice): Promise<BackendInit> {
  const skipped: string[] = [];
  const fail = (backend: string, a: { reason: string; hint: string }): BackendInit => ({
    ok: false,
    error: { kind: 'backend', message: `The ${backend} backend cannot be used: ${a.reason}.`, hint: a.hint },
  });

  if (choice === 'auto' || choice === 'tensorflow') {
    const a = await tryTensorflow(tf);
    if (a.ok) return { ok: true, backend: 'tensorflow', detail: a.detail + dataParallelOnlyOnWasm() };
    if (choice === 'tensorflow') return fail('tensorflow', a);
    skipped.push(`native TensorFlow skipped: ${a.reason}`);
  }
  if (choice === 'auto' || choice === 'wasm') {
    const a = await tryWasm(tf);
    if (a.ok) return { ok: true, backend: 'wasm', detail: withSkipped(a.detail, skipped) };
    if (choice === 'wasm') return fail('wasm', a);
    skipped.push(`WebAssembly skipped: ${a.reason}`);
  }
  if (!(await tf.setBackend('cpu'))) {
    return fail('cpu', { reason: 'tfjs could not initialise it', hint: 'Reinstall with `npm ci`.' });
  }
  const why = choice === 'cpu' ? 'as chosen in deepdrill.backend' : undefined;
  return { ok: true, backend: 'cpu', detail: withSkipped(`pure JavaScript (slow)${why ? `, ${why}` : ''}`, skipped) + dataParallelOnlyOnWasm() };
}

/** Data-parallel training was asked for but the backend is not wasm: say why it is off. */
function dataParallelOnlyOnWasm(): string {
  return isMainThread && process.env.DEEPDRILL_DATA_PARALLEL === '1' && dataParallelWanted().on ? ' (data-parallel off: only on the wasm backend)' : '';
}

function withSkipped(detail: string, skipped: string[]): string {
  return skipped.length ? `${detail} (${skipped.join('; ')})` : detail;
}

function isModuleNotFound(e: unknown, name: string): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === 'MODULE_NOT_FOUND' && (err.message ?? '').includes(name);
}

async function tryTensorflow(tf: typeof tfType): Promise<Attempt> {
  const name = '@tensorflow/tfjs-node';
  try {
    // Resolving first keeps the common case (not installed) fast and tells it apart from an
    // installed package whose native library fails to load.
    require.resolve('@tensorflow/tfjs-node');
  } catch (e) {
    if (isModuleNotFound(e, name)) {
      return {
        ok: false,
        reason: `${name} is not installed`,
        hint:
          `${name} downloads a native TensorFlow library when it is installed, which fails on many machines ` +
          `(no network, unsupported platform). Use "auto" or "wasm" in the deepdrill.backend setting (or --backend), ` +
          `or run \`npm install ${name}\` where it can install.`,
      };
    }
    throw e;
  }
  try {
    // Registers the 'tensorflow' backend with the same tfjs instance the user's code gets,
    // because tfjs is loaded from node_modules by both.
    require('@tensorflow/tfjs-node');
  } catch (e) {
    return {
      ok: false,
      reason: `${name} is installed but its native library failed to load (${(e as Error).message.split('\n')[0]})`,
      hint: `Reinstall it with \`npm rebuild ${name}\`, or use "auto" or "wasm" in the deepdrill.backend setting.`,
    };
  }
  if (!(await tf.setBackend('tensorflow'))) {
    return { ok: false, reason: 'its backend failed to initialise', hint: 'Use "auto" or "wasm" in the deepdrill.backend setting.' };
  }
  return { ok: true, detail: 'native TensorFlow (tfjs-node)' };
}

async function tryWasm(tf: typeof tfType): Promise<Attempt> {
  const name = '@tensorflow/tfjs-backend-wasm';
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from the package folder; the bundle does not hold them.
    // With kernel threads, the SIMD build comes from dist/ with its memory shared (kernelThreads.ts).
    const stockDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    const shared = kernelThreadsWanted() ? sharedMemoryWasmPaths(stockDir) : undefined;
    wasm.setWasmPaths(shared ?? stockDir + sep);
  } catch (e) {
    return {
      ok: false,
      reason: `${name} could not be loaded (${(e as Error).message.split('\n')[0]})`,
      hint: 'Reinstall with `npm ci`, or use "cpu" in the deepdrill.backend setting.',
    };
  }
  // Only when asked (DEEPDRILL_WASM_THREADS ≥ 2): XNNPACK's threaded build splits conv2d and matmul
  // over both cores, but it lost to one thread in whole-training runs so far (docs/benchmarks.md).
  installThreadedWasm(tf, wasm, wasmThreadsWanted());
  registerWasmTrainingKernels(tf);
  if (!(await tf.setBackend('wasm'))) {
    return {
      ok: false,
      reason: 'its WebAssembly module failed to initialise',
      hint: 'Node 20 or newer runs WebAssembly; check that the .wasm files exist in its dist folder, or use "cpu".',
    };
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  const noThreads = threadedWasmStatus().fallbackReason;
  // DeepDrill's own SIMD kernels (convolutions, filter and pooling gradients, bias sums): with
  // fused multiply-adds where this Node compiles relaxed SIMD; their large calls split over two
  // threads where the backend's memory is shared; none with the threaded build.
  const backend = tf.backend() as BackendWasm;
  const own = simdKernelsVariant(backend);
  const splitting = own !== undefined && simdKernelsSplit(backend);
  const split = splitting ? ', helper thread for large calls' : '';
  const ownNote = own === 'relaxed' ? ` (SIMD, fused multiply-add${split})` : own === 'plain' ? ` (SIMD${split})` : '';
  // For every model with DEEPDRILL_DATA_PARALLEL=1, and by default for models with convolutional
  // layers where the kernels do not split their calls (kernel threads off or unavailable): each
  // batch split between this thread and a replica thread (extension/worker/dataParallel.ts).
  // The replica itself runs this function too.
  const parallel: DataParallelWanted = isMainThread ? dataParallelWanted(process.env, availableParallelism(), splitting) : { on: false };
  const parallelNote = parallel.on ? `, ${installDataParallel(tf, parallel.policy)}` : parallel.reason ? ` (data-parallel off: ${parallel.reason})` : '';
  return {
    ok: true,
    detail:
      `WebAssembly${simd ? ' SIMD' : ' (no SIMD)'}, ${threads} thread${threads === 1 ? '' : 's'}, DeepDrill training kernels${ownNote}` +
      parallelNote +
      (noThreads ? ` (threads unavailable: ${noThreads})` : ''),
  };
}
