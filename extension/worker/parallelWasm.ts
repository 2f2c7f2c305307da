// Lets the tfjs wasm backend use more than one core in Node.
//
// tfjs-backend-wasm ships a threaded SIMD build (XNNPACK with a pthreadpool, so conv2d and
// matmul, which DeepDrill's gradient kernels are built on, split their work across threads) but
// never loads it in Node: its WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired to false there
// (tfjs issue #3830), and its loader hands Emscripten's pthread worker a Blob URL that Node's
// worker_threads cannot start. Three things make it work:
//   1. the Emscripten module is built here from the package's own wasm-out/ files, with the
//      pthread worker script written once to a file (Node's Worker needs a path);
//   2. the build sizes its pool as logical cores / 2 (it assumes hyper-threading), capped by
//      that again at init: on a 2-core machine that is 1 thread whatever setThreadsCount says,
//      so `os.cpus()` reports enough cores while the module initialises;
//   3. the pool's threads are unref'd, so they never keep a finished worker process alive.
// The backend object is the package's own `BackendWasm`, registered under the name 'wasm', so
// every stock and DeepDrill kernel applies unchanged. Should any of this fail, the stock
// single-threaded backend is initialised instead.
import type * as tfType from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

type Tf = typeof tfType;
type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');
type BackendFactory = () => tfType.KernelBackend | Promise<tfType.KernelBackend>;

/** The Emscripten module of the threaded build, as far as it is used here. */
interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread: { runningWorkers: { unref(): void }[] };
  tfjs?: Record<string, unknown>;
}

/** The threaded build's pool has 8 threads; more cannot be asked for. */
const MAX_THREADS = 8;

/**
 * Threads by default. One, for now: with the other core free, 2 threads make the seed CNN's
 * convolutions and matmuls ≈ 1.7–2× faster, but whole training runs measured so far were up to
 * 2× SLOWER — with even one other busy process, every op's barrier waits for a pool thread the
 * OS has not scheduled; start-up also takes ≈ 0.25–0.6 s longer and ≈ 70 MiB more memory (8
 * pthread workers). See docs/benchmarks.md; raise this only when a run shows threads winning.
 */
export const DEFAULT_WASM_THREADS = 1;

/**
 * How many threads the wasm backend should use: DEFAULT_WASM_THREADS, or the number in the
 * environment variable DEEPDRILL_WASM_THREADS (capped by the machine's cores and 8; 1 keeps
 * the stock single-threaded build).
 */
export function wasmThreadsWanted(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const asked = Number(env.DEEPDRILL_WASM_THREADS);
  const wanted = Number.isInteger(asked) && asked >= 1 ? asked : DEFAULT_WASM_THREADS;
  return Math.max(1, Math.min(wanted, cores, MAX_THREADS));
}

/** What `threadedWasmStatus` reports after the backend initialised. */
export interface ThreadedWasmStatus {
  /** Whether the threaded build is the one running. */
  threaded: boolean;
  /** Why the single-threaded build runs instead, when threads were wanted. */
  fallbackReason?: string;
}

let status: ThreadedWasmStatus = { threaded: false };
let installed = false;

export function threadedWasmStatus(): ThreadedWasmStatus {
  return status;
}

/**
 * Replaces the registered 'wasm' backend factory by one that loads the threaded build with
 * `threads` threads. Call after importing the wasm package and before the backend first
 * initialises; later calls, and calls once 'wasm' is initialised, do nothing.
 */
export function installThreadedWasm(tf: Tf, wasm: WasmPackage, threads: number): void {
  if (installed || threads < 2) return;
  const engine = tf.engine() as unknown as {
    registryFactory: Record<string, { factory: BackendFactory; priority: number } | undefined>;
    registry: Record<string, unknown>;
  };
  const stock = engine.registryFactory.wasm;
  if (!stock || engine.registry.wasm) return;
  installed = true;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        const backend = await threadedBackend(wasm, threads);
        status = { threaded: true };
        return backend;
      } catch (e) {
        status = { threaded: false, fallbackReason: (e as Error)?.message ?? String(e) };
        wasm.setThreadsCount(1);
        return stock.factory();
      }
    },
    stock.priority,
  );
}

async function threadedBackend(wasm: WasmPackage, threads: number): Promise<tfType.KernelBackend> {
  if (typeof SharedArrayBuffer !== 'function') throw new Error('SharedArrayBuffer is not available');
  const out = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const mainJs = join(out, 'tfjs-backend-wasm-threaded-simd.js');
  const workerJs = pthreadWorkerFile(join(out, 'tfjs-backend-wasm-threaded-simd.worker.js'));
  const factory = require(mainJs) as (config: object) => Promise<ThreadedModule>;

  const os = require('node:os') as typeof import('node:os');
  const cpus = os.cpus;
  const reported = cpus();
  while (reported.length < 2 * threads) reported.push(reported[0]);
  os.cpus = () => reported;
  let module: ThreadedModule;
  try {
    module = await factory({
      locateFile: (path: string) => (path.endsWith('.worker.js') ? workerJs : join(out, path)),
      // The pthread workers load the module's JavaScript from this path.
      mainScriptUrlOrBlob: mainJs,
    });
  } finally {
    os.cpus = cpus;
  }
  // The same bridge the package's own loader sets up.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasm.setThreadsCount(threads);
  const backend = new wasm.BackendWasm(module as never);
  // Threads that stay parked for the life of the process must not keep it alive.
  for (const w of module.PThread.runningWorkers) w.unref();
  return backend;
}

/**
 * The package ships the pthread worker as a string (it starts it from a Blob URL in browsers);
 * Node's Worker needs a file. Written once per content, atomically, in the temp folder.
 */
function pthreadWorkerFile(contentsModule: string): string {
  const { wasmWorkerContents } = require(contentsModule) as { wasmWorkerContents: string };
  // The string was written for a Blob, where a "\n" inside a string literal is still an escape.
  const text = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  const file = join(tmpdir(), `deepdrill-wasm-pthread-${hash}.js`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  }
  return file;
}
