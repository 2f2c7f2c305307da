import { availableParallelism } from 'node:os';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendInit } from '../../extension/worker/backend';
import { ADDED_WASM_KERNELS, REPLACED_WASM_KERNELS, isDeepDrillKernel, registerWasmTrainingKernels } from '../../extension/worker/kernels/registerWasmKernels';

function tfNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

/** Initialises a backend in a fresh process, as the worker does, and returns its result and stdout. */
function initInChild(choice: string): { result: BackendInit; stdout: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'initBackendChild.ts'), choice], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return { result: JSON.parse(child.stderr) as BackendInit, stdout: child.stdout };
}

describe('initBackend', () => {
  it('auto picks the fastest backend that loads, says which and why, and prints nothing', async () => {
    // In CLI mode the worker's stdout carries JSON lines: initialising must not write there.
    const { result, stdout } = initInChild('auto');
    assert.equal(stdout, '');
    assert.ok(result.ok);
    const inProcess = await initBackend(tf, 'auto');
    assert.deepEqual(inProcess, result);
    if (tfNodeInstalled()) {
      assert.equal(result.backend, 'tensorflow');
    } else {
      assert.equal(result.backend, 'wasm');
      assert.equal(tf.getBackend(), 'wasm');
      // On two cores or more the large kernel calls are split with a helper thread (kernelThreads.ts).
      const split = availableParallelism() >= 2 ? ', helper thread for large calls' : '';
      assert.ok(result.detail.startsWith(`WebAssembly SIMD, 1 thread, DeepDrill training kernels (SIMD, fused multiply-add${split})`), result.detail);
      assert.match(result.detail, /tfjs-node is not installed/);
    }
  });

  it('an explicit tensorflow choice without tfjs-node fails with a message that says what to do', { skip: tfNodeInstalled() }, async () => {
    const { result, stdout } = initInChild('tensorflow');
    assert.equal(stdout, '');
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'backend');
    assert.match(result.error.message, /tensorflow backend cannot be used: @tensorflow\/tfjs-node is not installed/);
    assert.match(result.error.hint ?? '', /native TensorFlow library/);
    assert.match(result.error.hint ?? '', /"auto" or "wasm"/);
  });

  it('cpu gives the pure-JavaScript backend', async () => {
    const result = await initBackend(tf, 'cpu');
    assert.ok(result.ok);
    assert.equal(result.backend, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.match(result.detail, /pure JavaScript \(slow\)/);
    assert.equal(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]), 5);
  });

  it('wasm registers DeepDrill training kernels, once, however often it is initialised', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await initBackend(tf, 'wasm');
      assert.ok(result.ok);
      assert.equal(result.backend, 'wasm');
      assert.equal(tf.getBackend(), 'wasm');
    }
    for (const name of [...ADDED_WASM_KERNELS, ...REPLACED_WASM_KERNELS]) assert.ok(isDeepDrillKernel(tf, name), name);
    const before = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerWasmTrainingKernels(tf);
    assert.equal(tf.getKernel('Conv2DBackpropInput', 'wasm'), before);
  });
});
