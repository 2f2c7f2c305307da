import { availableParallelism } from 'node:os';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_WASM_THREADS, wasmThreadsWanted } from '../../extension/worker/parallelWasm';

interface ChildResult {
  detail: string;
  threads: number;
  losses: number[];
  leaked: number;
}

/** Trains the seed CNN in a fresh process with the given thread setting; the process must end by itself. */
function trainInChild(threads: string): ChildResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'threadedWasmChild.ts')], {
    encoding: 'utf8',
    // One thread means one thread here: no data-parallel replica (the default for a CNN).
    env: { ...process.env, DEEPDRILL_WASM_THREADS: threads, DEEPDRILL_DATA_PARALLEL: '0' },
    // Only a guard against a hang (threads keeping the process alive), not a speed limit.
    timeout: 120_000,
  });
  assert.equal(child.signal, null, `the process did not end by itself: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as ChildResult;
}

describe('the wasm backend on several threads', () => {
  it('takes the thread count from DEEPDRILL_WASM_THREADS, within the cores there are', () => {
    assert.equal(wasmThreadsWanted({}, 4), DEFAULT_WASM_THREADS);
    assert.equal(wasmThreadsWanted({ DEEPDRILL_WASM_THREADS: '1' }, 4), 1);
    assert.equal(wasmThreadsWanted({ DEEPDRILL_WASM_THREADS: '3' }, 4), 3);
    assert.equal(wasmThreadsWanted({ DEEPDRILL_WASM_THREADS: '3' }, 2), 2);
    assert.equal(wasmThreadsWanted({ DEEPDRILL_WASM_THREADS: '64' }, 64), 8);
    assert.equal(wasmThreadsWanted({ DEEPDRILL_WASM_THREADS: 'many' }, 4), DEFAULT_WASM_THREADS);
  });

  it('trains the seed CNN on 2 threads like on 1, leaks no tensors, and lets the process exit', () => {
    const two = trainInChild('2');
    const one = trainInChild('1');
    assert.equal(two.threads, 2, two.detail);
    // The threaded build does not export its memory: DeepDrill's own SIMD kernels stay out of it.
    assert.match(two.detail, /^WebAssembly SIMD, 2 threads, DeepDrill training kernels$/);
    assert.equal(one.threads, 1, one.detail);
    // One backend thread; on two cores DeepDrill's kernels split their large calls with their own helper.
    const split = availableParallelism() >= 2 ? ', helper thread for large calls' : '';
    assert.equal(one.detail, `WebAssembly SIMD, 1 thread, DeepDrill training kernels (SIMD, fused multiply-add${split})`);
    assert.equal(two.leaked, 0);
    assert.equal(one.leaked, 0);
    assert.ok(two.losses.every(Number.isFinite), `losses ${two.losses}`);
    // Threads split the work differently, so sums may round differently: float tolerance only.
    two.losses.forEach((l, i) => assert.ok(Math.abs(l - one.losses[i]) < 1e-4 * Math.max(1, Math.abs(one.losses[i])), `loss ${i}: ${l} vs ${one.losses[i]}`));
  });
});
