// Both cores for DeepDrill's SIMD kernels: a helper thread computes parts of each large
// convolution, filter-gradient, pooling and bias-add call while the main thread computes the
// rest, on the same memory.
//
// The tfjs wasm backend runs on one thread in Node, and its heap is an ordinary (unshared)
// WebAssembly memory that no other thread can see. DeepDrill loads the backend's own SIMD build
// with one byte changed (scripts/build.mjs writes dist/tfjs-backend-wasm-simd-shared-VERSION.wasm: the
// memory section's limits flag marks the memory shared; the code is untouched, and plain loads
// and stores behave the same on shared memory). The helper thread (kernelHelper.ts) then
// instantiates the kernels' shared-memory build on that very memory, and a kernel call becomes
// a job of chunks that write disjoint parts of the output (kernelThreadProtocol.ts). Each
// output value is computed by the same code in the same order whichever thread takes its
// chunk, so results equal the one-thread results bit for bit.
//
// Why not the backend's own threaded build (parallelWasm.ts): XNNPACK's thread pool ends every
// op, however small, in a barrier with its pool thread, which stalls whenever the OS has not
// scheduled that thread; here only the few large kernels are split, and a helper that is not
// running simply leaves all chunks to the main thread. Why not data-parallel training
// (dataParallel.ts): it copies weights each step and both threads re-pack them.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { Worker, isMainThread } from 'node:worker_threads';
import { distFile } from './kernelUtil';
import {
  CTRL,
  CTRL_SLOTS,
  type ChunkKernels,
  JOB,
  type JobKind,
  MAX_ARGS,
  MAX_CHUNKS,
  chunkCount,
  claimChunk,
  isHelperFailed,
  jobWord,
  runChunk,
  wordNext,
} from './kernelThreadProtocol';

/** On by default wherever there are two cores (docs/benchmarks.md has the measurements). */
export const DEFAULT_KERNEL_THREADS = true;

/**
 * Whether the kernels should use a helper thread: DEEPDRILL_KERNEL_THREADS=0 or 1, else
 * DEFAULT_KERNEL_THREADS; never on one core, never outside the worker's main thread (the
 * data-parallel replica has one core's share already).
 */
export function kernelThreadsWanted(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism(), mainThread = isMainThread): boolean {
  const asked = env.DEEPDRILL_KERNEL_THREADS;
  const on = asked === '1' ? true : asked === '0' ? false : DEFAULT_KERNEL_THREADS;
  // Data-parallel training and XNNPACK's threads, when asked for, take the second core themselves.
  const otherUse = env.DEEPDRILL_DATA_PARALLEL === '1' || Number(env.DEEPDRILL_WASM_THREADS) >= 2;
  return on && !otherUse && cores >= 2 && mainThread && typeof SharedArrayBuffer === 'function';
}

/**
 * The file map for tfjs's `setWasmPaths` that loads the backend's SIMD build with a shared memory
 * (dist/tfjs-backend-wasm-simd-shared-VERSION.wasm) and the stock files from `stockDir` (the
 * package's dist/) otherwise; or undefined when that build is missing for the installed
 * version of the package (sources not built, or the package upgraded since: its glue code and
 * an older binary would not fit together).
 */
export function sharedMemoryWasmPaths(stockDir: string): Record<string, string> | undefined {
  let version: string;
  try {
    version = (JSON.parse(readFileSync(join(stockDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
  const shared = distFile(`tfjs-backend-wasm-simd-shared-${version}.wasm`);
  if (!shared) return undefined;
  return {
    'tfjs-backend-wasm.wasm': join(stockDir, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': shared,
    'tfjs-backend-wasm-threaded-simd.wasm': join(stockDir, 'tfjs-backend-wasm-threaded-simd.wasm'),
  };
}

/**
 * Calls smaller than this (multiply-adds, or elements for the pooling gradient) run on the main
 * thread alone: waking the helper and handing out chunks costs tens of microseconds.
 */
const MIN_PARALLEL_WORK = 1 << 20;
const MIN_PARALLEL_ELEMENTS = 1 << 18;
/** The main thread spins this long for the helper's last chunk before sleeping on it. */
const SPIN_MS = 0.5;
/** A helper that finishes no chunk for this long is reported as stuck (the run fails clearly). */
const STUCK_MS = 60_000;

type Run = (...args: number[]) => void;

/** One helper thread and the control block it shares with the main thread. */
class KernelPool {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SLOTS * 4));
  private worker: Worker | undefined;
  private generation = 0;
  /** Why the helper no longer takes work (the main thread then runs every chunk). */
  private deadReason: string | undefined;

  constructor(
    readonly raw: ChunkKernels,
    private readonly module: object,
    private readonly memory: object,
  ) {}

  stats(): KernelThreadStats {
    return {
      running: this.worker !== undefined && this.deadReason === undefined,
      helperChunks: Atomics.load(this.ctrl, CTRL.helperChunks),
      ...(this.deadReason !== undefined ? { stoppedBecause: this.deadReason } : {}),
    };
  }

  /**
   * Runs one kernel call cut into chunks, which this thread and the helper take in turn (this
   * thread all of them while the helper is starting, or after it failed).
   */
  split(kind: JobKind, args: number[]): void {
    const chunks = chunkCount(kind, args);
    if (this.deadReason !== undefined || chunks > MAX_CHUNKS || args.length > MAX_ARGS) {
      for (let k = 0; k < chunks; k++) runChunk(this.raw, kind, args, chunks, k);
      return;
    }
    // Started on the first call that can use it, so models without such calls never pay for it.
    if (!this.worker) this.start();
    const { ctrl } = this;
    Atomics.store(ctrl, CTRL.kind, kind);
    for (let i = 0; i < args.length; i++) Atomics.store(ctrl, CTRL.args + i, args[i]);
    Atomics.store(ctrl, CTRL.done, 0);
    this.generation = (this.generation + 1) & 0xffff;
    Atomics.store(ctrl, CTRL.word, jobWord(this.generation, chunks, 0));
    Atomics.notify(ctrl, CTRL.word);
    try {
      for (let word = claimChunk(ctrl); word !== -1; word = claimChunk(ctrl)) {
        runChunk(this.raw, kind, args, chunks, wordNext(word));
        Atomics.add(ctrl, CTRL.done, 1);
      }
      this.waitForChunks(chunks);
    } catch (e) {
      // This thread failed or gave up waiting: the helper must never take another chunk of any
      // job, nor count one (a later job would reset `done` under it), so the pool is ended.
      Atomics.store(ctrl, CTRL.word, jobWord(this.generation, chunks, chunks));
      this.fail(`the main thread's part failed: ${(e as Error)?.message ?? e}`);
      void this.worker?.terminate();
      throw e;
    }
    if (Atomics.load(ctrl, CTRL.failed) !== 0) {
      // A chunk the helper failed left its part unwritten: the whole call again, on this thread.
      this.fail('a chunk failed in the helper thread');
      for (let k = 0; k < chunks; k++) runChunk(this.raw, kind, args, chunks, k);
    }
  }

  /** Waits until the helper finished the chunks it claimed (the main thread claimed the rest). */
  private waitForChunks(chunks: number): void {
    const { ctrl } = this;
    const start = performance.now();
    let lastProgress = start;
    let lastDone = -1;
    for (;;) {
      const done = Atomics.load(ctrl, CTRL.done);
      if (done >= chunks) return;
      const now = performance.now();
      if (done !== lastDone) {
        lastDone = done;
        lastProgress = now;
      } else if (now - lastProgress > STUCK_MS) {
        // Going on would let a late helper write into memory tfjs has since reused.
        throw new Error('DeepDrill kernel helper thread stopped responding; set DEEPDRILL_KERNEL_THREADS=0 to train on one thread.');
      }
      if (now - start > SPIN_MS) Atomics.wait(ctrl, CTRL.done, done, 5);
    }
  }

  private start(): void {
    const js = join(__dirname, 'kernelHelper.js');
    // From the sources (tests under tsx), the helper runs through tsx too.
    const entry = existsSync(js) ? js : `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'kernelHelper.ts'))});`;
    try {
      const worker = new Worker(entry, { eval: entry !== js, workerData: { ctrl: this.ctrl.buffer, module: this.module, memory: this.memory } });
      worker.on('message', (m: unknown) => {
        // The helper's own words replace the main thread's guess made when it saw the flag.
        if (isHelperFailed(m)) this.fail(`a chunk failed in the helper thread: ${m.message}`, true);
      });
      worker.on('error', (e) => this.fail(e.message));
      worker.on('exit', () => this.fail('the helper thread ended'));
      // A parked helper must never keep a finished run's process alive.
      worker.unref();
      this.worker = worker;
    } catch (e) {
      this.fail((e as Error).message);
    }
  }

  private fail(reason: string, replaceGuess = false): void {
    if (this.deadReason !== undefined) {
      if (replaceGuess && this.deadReason === 'a chunk failed in the helper thread') this.deadReason = reason;
      return;
    }
    this.deadReason = reason;
    Atomics.store(this.ctrl, CTRL.stop, 1);
    Atomics.notify(this.ctrl, CTRL.word);
  }

  /** Ends the helper (tests; a run's process simply exits). */
  async stop(): Promise<void> {
    this.fail('stopped');
    await this.worker?.terminate();
  }
}

/** The kernels whose large calls KernelPool splits. */
export interface SplitKernels {
  conv2dForward: Run;
  conv2dFewChannels: Run;
  conv2dFilterGrad: Run;
  maxPoolGrad2x2: Run;
  maxPool2x2: Run;
  addBias: Run;
  /** dst += each of `count` consecutive partials of n floats at src, in order. */
  addPartials(dst: number, src: number, n: number, count: number): void;
}

/** Scratch memory in the backend's heap (for the filter gradient's partial sums). */
export interface Heap {
  malloc(bytes: number): number;
  free(ptr: number): void;
}

/** The filter gradient's partial sums take at most this much scratch memory. */
const MAX_PARTIALS_BYTES = 8 << 20;

/**
 * Into how many batch parts a filter gradient over n images is cut (each but the first needs a
 * partial sum the size of the filter, all added at the end): up to 16 of at least 4 images;
 * 1 = not cut.
 */
export function filterGradParts(n: number, filterBytes: number): number {
  const byImages = Math.min(16, Math.floor(n / 4));
  const byMemory = Math.floor(MAX_PARTIALS_BYTES / filterBytes) + 1;
  return Math.max(1, Math.min(byImages, byMemory));
}

const pools = new WeakMap<object, KernelPool>();

/**
 * `raw` (an instance of the kernels' shared-memory build on `memory`) with its large
 * convolution, filter-gradient, pooling, pooling-gradient and bias-add calls split with a helper
 * thread. The convolutions and pooling are cut by images and the bias add by rows, so their
 * results equal the uncut call's bit for bit; the filter gradient is cut by images into partial
 * sums added in a fixed order, so its result depends on its shape only, never on which thread
 * did what (though it differs in the last bits from the uncut kernel's, which runs where kernel
 * threads are off: one core, DEEPDRILL_KERNEL_THREADS=0).
 */
export function withKernelThreads<K extends ChunkKernels & SplitKernels>(raw: K, module: object, memory: object, heap: Heap): K {
  const pool = new KernelPool(raw, module, memory);
  // Multiply-adds of a convolution: output elements × taps × input channels.
  const convWork = (a: number[]) => a[3] * a[7] * a[8] * a[9] * a[10] * a[11] * a[6];
  const splitIfLarge = (kind: JobKind, f: Run, work: (a: number[]) => number, min: number): Run => (...a) =>
    work(a) >= min && chunkCount(kind, a) >= 2 ? pool.split(kind, a) : f(...a);
  const split: Omit<SplitKernels, 'addPartials'> = {
    conv2dForward: splitIfLarge(JOB.conv2dForward, raw.conv2dForward, convWork, MIN_PARALLEL_WORK),
    conv2dFewChannels: splitIfLarge(JOB.conv2dFewChannels, raw.conv2dFewChannels, convWork, MIN_PARALLEL_WORK),
    maxPoolGrad2x2: splitIfLarge(JOB.maxPoolGrad2x2, raw.maxPoolGrad2x2, (a) => a[3] * a[4] * a[5] * a[6], MIN_PARALLEL_ELEMENTS),
    maxPool2x2: splitIfLarge(JOB.maxPool2x2, raw.maxPool2x2, (a) => a[2] * a[3] * a[4] * a[5], MIN_PARALLEL_ELEMENTS),
    addBias: splitIfLarge(JOB.addBias, raw.addBias, (a) => a[3] * a[4], MIN_PARALLEL_ELEMENTS),
    conv2dFilterGrad: (...a) => {
      const filterElements = a[10] * a[11] * a[6] * a[9];
      const parts = filterGradParts(a[3], filterElements * 4);
      const partials = convWork(a) >= MIN_PARALLEL_WORK && parts >= 2 ? heap.malloc((parts - 1) * filterElements * 4) : 0;
      if (partials === 0) return raw.conv2dFilterGrad(...a);
      // Freed only after a call that ended well: after a failure the ended helper might still be
      // writing into it, so it is left allocated.
      pool.split(JOB.conv2dFilterGrad, [...a, partials, parts]);
      raw.addPartials(a[2], partials, filterElements, parts - 1);
      heap.free(partials);
    },
  };
  const kernels = { ...raw, ...split };
  pools.set(kernels, pool);
  return kernels;
}

/** Whether `kernels` came from withKernelThreads. */
export function isSplit(kernels: object): boolean {
  return pools.has(kernels);
}

/** What the helper thread of `kernels` (from withKernelThreads) has done. */
export interface KernelThreadStats {
  /** Started and not failed. */
  running: boolean;
  /** Chunks it computed since it started. */
  helperChunks: number;
  /** Why it stopped taking work, once it has. */
  stoppedBecause?: string;
}

export function kernelThreadStats(kernels: object): KernelThreadStats | undefined {
  return pools.get(kernels)?.stats();
}

/** The same kernels, never split (tests compare the two). */
export function unsplitKernels<K extends object>(kernels: K): K {
  return (pools.get(kernels)?.raw as K | undefined) ?? kernels;
}

/** Ends the helper thread of `kernels`, if any; later calls run on the main thread alone. */
export async function stopKernelThreads(kernels: object): Promise<void> {
  await pools.get(kernels)?.stop();
}
