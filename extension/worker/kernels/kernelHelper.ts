// The kernel helper thread (a worker_threads thread of the training worker, built to
// dist/kernelHelper.js): runs chunks of DeepDrill's SIMD kernels on the wasm backend's shared
// memory while the main thread runs the others (kernelThreads.ts; the protocol and the chunks
// are in kernelThreadProtocol.ts). It loads no tfjs: only the kernels' compiled module, given
// by the main thread, instantiated on the same memory.
import { parentPort, workerData } from 'node:worker_threads';
import { CTRL, claimChunk, type ChunkKernels, type HelperData, type HelperFailed, type JobKind, runChunk, wordChunks, wordNext } from './kernelThreadProtocol';

/** How long one wait for a new job lasts before checking the stop flag again. */
const IDLE_WAIT_MS = 1000;

function main(): void {
  const data = workerData as HelperData;
  const ctrl = new Int32Array(data.ctrl);
  const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: unknown } } }).WebAssembly;
  const kernels = new wasm.Instance(data.module, { env: { memory: data.memory } }).exports as ChunkKernels;
  const args = new Int32Array(data.ctrl, CTRL.args * 4);
  Atomics.store(ctrl, CTRL.ready, 1);
  while (Atomics.load(ctrl, CTRL.stop) === 0) {
    const word = claimChunk(ctrl);
    if (word === -1) {
      // Nothing to take: sleep until the main thread posts a job (it changes the word and notifies).
      const seen = Atomics.load(ctrl, CTRL.word);
      if (wordNext(seen) >= wordChunks(seen)) Atomics.wait(ctrl, CTRL.word, seen, IDLE_WAIT_MS);
      continue;
    }
    try {
      // The claim succeeded on the current job's word, so its kind and arguments are the ones
      // written before that word: the main thread replaces them only once every chunk is done.
      runChunk(kernels, Atomics.load(ctrl, CTRL.kind) as JobKind, args, wordChunks(word), wordNext(word));
    } catch (e) {
      Atomics.store(ctrl, CTRL.failed, 1);
      parentPort?.postMessage({ type: 'failed', message: (e as Error)?.message ?? String(e) } satisfies HelperFailed);
      Atomics.add(ctrl, CTRL.done, 1);
      Atomics.notify(ctrl, CTRL.done);
      return;
    }
    Atomics.add(ctrl, CTRL.helperChunks, 1);
    Atomics.add(ctrl, CTRL.done, 1);
    Atomics.notify(ctrl, CTRL.done);
  }
}

main();
