// The boundary between the training worker's main thread and its kernel helper thread
// (kernelThreads.ts ⇄ kernelHelper.ts). Both threads run DeepDrill's SIMD kernels on the same
// shared WebAssembly memory (the tfjs wasm backend's heap), each on different parts of one
// kernel call; nothing is copied. A call ("job") is cut into parts ("chunks") that write
// disjoint parts of the output, and each thread takes the next chunk until none is left, so a
// helper the OS has not scheduled costs nothing but its share of the work.
//
// Everything goes through one small control Int32Array in a SharedArrayBuffer; the helper
// sleeps in `Atomics.wait` between jobs. The job word packs the job's generation, its chunk
// count and the next chunk to take, so that one compare-and-swap both claims a chunk and proves
// the job is still the current one (a helper waking late can never run a chunk of a job whose
// arguments have since been replaced).

/** Slots of the control array. */
export const CTRL = {
  /** generation (high 16 bits) | chunk count (bits 8–15) | next chunk to take (bits 0–7). */
  word: 0,
  /** Chunks of the current job finished, by either thread. */
  done: 1,
  /** 1 once the helper failed a chunk (its error follows as a message); it takes no more. */
  failed: 2,
  /** 1 once the helper has its kernels and waits for jobs. */
  ready: 3,
  /** 1 asks the helper to end. */
  stop: 4,
  /** The job kind (JOB) of the current job. */
  kind: 5,
  /** Chunks the helper has computed since it started (for the bench and the tests). */
  helperChunks: 6,
  /** First of the job's integer arguments (pointers into the shared memory and sizes). */
  args: 8,
} as const;
export const MAX_ARGS = 24;
export const CTRL_SLOTS = CTRL.args + MAX_ARGS;
/** The chunk count fits in 8 bits of the job word. */
export const MAX_CHUNKS = 255;

export const JOB = {
  conv2dForward: 1,
  conv2dFewChannels: 2,
  conv2dFilterGrad: 3,
  maxPoolGrad2x2: 4,
  maxPool2x2: 5,
  addBias: 6,
} as const;
export type JobKind = (typeof JOB)[keyof typeof JOB];

export function jobWord(generation: number, chunks: number, next: number): number {
  return ((generation & 0xffff) << 16) | (chunks << 8) | next;
}
export function wordChunks(word: number): number {
  return (word >>> 8) & 0xff;
}
export function wordNext(word: number): number {
  return word & 0xff;
}

/** workerData of the helper thread. */
export interface HelperData {
  ctrl: SharedArrayBuffer;
  /** The compiled shared-memory build of DeepDrill's SIMD kernels (dist/simdKernels*Shared.wasm). */
  module: object;
  /** The backend's shared WebAssembly.Memory. */
  memory: object;
}

/** helper → main, when a chunk threw (the helper takes no more chunks afterwards). */
export interface HelperFailed {
  type: 'failed';
  message: string;
}
export function isHelperFailed(m: unknown): m is HelperFailed {
  return typeof m === 'object' && m !== null && (m as HelperFailed).type === 'failed' && typeof (m as HelperFailed).message === 'string';
}

/** The raw exports the chunks call (a subset of SimdKernels). */
export interface ChunkKernels {
  conv2dForward(...args: number[]): void;
  conv2dFewChannels(...args: number[]): void;
  conv2dFilterGrad(...args: number[]): void;
  maxPoolGrad2x2(...args: number[]): void;
  maxPool2x2(...args: number[]): void;
  addBias(...args: number[]): void;
}

/** Which argument counts the independent items (images, or rows for addBias) a job is cut by. */
const COUNT_ARG: Record<JobKind, number> = {
  [JOB.conv2dForward]: 3,
  [JOB.conv2dFewChannels]: 3,
  [JOB.conv2dFilterGrad]: 3,
  [JOB.maxPoolGrad2x2]: 3,
  [JOB.maxPool2x2]: 2,
  [JOB.addBias]: 3,
};

/** Items [from, to) of chunk k when n items are cut into `chunks` parts. */
function imageRange(n: number, chunks: number, k: number): [number, number] {
  return [Math.floor((k * n) / chunks), Math.floor(((k + 1) * n) / chunks)];
}

/**
 * How many chunks a job is cut into: enough to balance two threads whose speed differs, few
 * enough that claiming one (a compare-and-swap and a call into wasm) stays negligible. The
 * filter gradient says itself (argument 19), as it needs a partial sum per chunk.
 */
export function chunkCount(kind: JobKind, args: ArrayLike<number>): number {
  // Two images per chunk for a batch of 64: the thread that finishes first then waits at most
  // about one image's work for the other (≈ 0.1–0.2 ms on the seed CNN's second layer).
  return kind === JOB.conv2dFilterGrad ? args[19] : Math.min(args[COUNT_ARG[kind]], 32);
}

/** Runs chunk k of `chunks` of a job on `kernels`; the arguments are those given to the whole call. */
export function runChunk(kernels: ChunkKernels, kind: JobKind, a: ArrayLike<number>, chunks: number, k: number): void {
  const [from, to] = imageRange(a[COUNT_ARG[kind]], chunks, k);
  if (from === to) return;
  switch (kind) {
    case JOB.conv2dForward:
    case JOB.conv2dFewChannels: {
      // x, w, y, n, h, wd, c, oh, ow, o, kh, kw, sh, sw, padT, padL: images are independent.
      const xImage = a[4] * a[5] * a[6] * 4;
      const yImage = a[7] * a[8] * a[9] * 4;
      const f = kind === JOB.conv2dForward ? kernels.conv2dForward : kernels.conv2dFewChannels;
      f(a[0] + from * xImage, a[1], a[2] + from * yImage, to - from, a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
      return;
    }
    case JOB.conv2dFilterGrad: {
      // x, dy, out, n, h, w, c, oh, ow, o, kh, kw, sh, sw, dh, dw, padT, padL, partials, parts:
      // the gradient over images [from, to), into `out` for chunk 0 and into partial k − 1 for
      // chunk k; the caller adds the partials to `out` in order once every chunk is done. (Cut by
      // images, each chunk is the whole kernel on fewer images; cut by filter taps or channels,
      // every chunk would stream all of dy again.)
      const xImage = a[4] * a[5] * a[6] * 4;
      const dyImage = a[7] * a[8] * a[9] * 4;
      const outBytes = a[10] * a[11] * a[6] * a[9] * 4;
      const target = k === 0 ? a[2] : a[18] + (k - 1) * outBytes;
      kernels.conv2dFilterGrad(a[0] + from * xImage, a[1] + from * dyImage, target, to - from, a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15], a[16], a[17]);
      return;
    }
    case JOB.maxPoolGrad2x2: {
      // x, dy, dx, n, h, w, c: images are independent.
      const [h, w, c] = [a[4], a[5], a[6]];
      const image = h * w * c * 4;
      const dyImage = (h >> 1) * (w >> 1) * c * 4;
      kernels.maxPoolGrad2x2(a[0] + from * image, a[1] + from * dyImage, a[2] + from * image, to - from, h, w, c);
      return;
    }
    case JOB.maxPool2x2: {
      // x, y, n, h, w, c: images are independent.
      const [h, w, c] = [a[3], a[4], a[5]];
      kernels.maxPool2x2(a[0] + from * h * w * c * 4, a[1] + from * (h >> 1) * (w >> 1) * c * 4, to - from, h, w, c);
      return;
    }
    case JOB.addBias: {
      // x, bias, y, rows, c: rows are independent.
      const row = a[4] * 4;
      kernels.addBias(a[0] + from * row, a[1], a[2] + from * row, to - from, a[4]);
      return;
    }
  }
}

/**
 * Claims the next chunk of the current job: the job word as it was before the claim (its
 * wordNext is the chunk claimed, its wordChunks the job's chunk count), or −1 when no chunk is
 * left. The compare-and-swap fails when another thread claimed first or a new job replaced this
 * one; the loop then reads the word again.
 */
export function claimChunk(ctrl: Int32Array): number {
  for (;;) {
    const word = Atomics.load(ctrl, CTRL.word);
    if (wordNext(word) >= wordChunks(word)) return -1;
    if (Atomics.compareExchange(ctrl, CTRL.word, word, word + 1) === word) return word;
  }
}
