// experiment
import type * as tfType from '@tensorflow/tfjs';
import { existsSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

type WasmModule = Record<string, any>;

export async function registerThreadedWasm(tf: typeof tfType, threads: number): Promise<void> {
  const wasmPkg = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  const out = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const mainJs = join(out, 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(join(out, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  const workerJs = join(tmpdir(), `deepdrill-tfjs-wasm-pthread-${wasmPkg.version_wasm}.js`);
  if (!existsSync(workerJs)) {
    const tmp = `${workerJs}.${process.pid}`;
    writeFileSync(tmp, wasmWorkerContents.replace(/\n/g, "\\n"));
    renameSync(tmp, workerJs);
  }
  const factory = require(mainJs) as (cfg: object) => Promise<WasmModule>;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    const os = require('node:os') as typeof import('node:os');
    const cpus = os.cpus;
    const fake = cpus();
    while (fake.length < 2 * threads) fake.push(fake[0]);
    os.cpus = () => fake;
    let module: WasmModule;
    try {
      module = await factory({
        locateFile: (path: string) => (path.endsWith('.worker.js') ? workerJs : join(out, path)),
        mainScriptUrlOrBlob: mainJs,
      });
    } finally {
      os.cpus = cpus;
    }
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    wasmPkg.setThreadsCount(threads);
    const backend = new wasmPkg.BackendWasm(module as never);
    console.log("dbg", threads, module.tfjs.getThreadsCount(), module.PThread.runningWorkers.length, module.PThread.unusedWorkers.length, typeof SharedArrayBuffer, module.wasmMemory.buffer.constructor.name);
    for (const w of module.PThread.runningWorkers) w.unref();
    return backend;
  }, 2);
}
