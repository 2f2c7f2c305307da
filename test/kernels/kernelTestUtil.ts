// Shared by the kernel equivalence tests: runs the same computation on the wasm backend (with
// DeepDrill's kernels) and on the pure-JS cpu backend, and compares the numbers.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../extension/worker/backend';
import { simdKernelsVariant } from '../../extension/worker/kernels/simdKernels';

export { tf };

let ready: Promise<void> | undefined;

/** Initialises the wasm backend once per test process, the way the worker does. */
export function wasmReady(): Promise<void> {
  ready ??= initBackend(tf, 'wasm').then((r) => {
    assert.ok(r.ok, `wasm backend failed to initialise: ${JSON.stringify(r)}`);
  });
  return ready;
}

/** Deterministic values in [-1, 1) so both backends see the same inputs. */
export function seeded(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(seeded(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** Runs `f` on one backend and returns its outputs as plain arrays, leaving no tensors behind. */
export async function runOn(backend: 'wasm' | 'cpu', f: () => tf.Tensor | tf.Tensor[]): Promise<{ shape: number[]; values: Float32Array }[]> {
  await wasmReady();
  assert.ok(await tf.setBackend(backend));
  const before = tf.memory().numTensors;
  const buffersBefore = tf.engine().backend.numDataIds();
  const outs = tf.tidy(f);
  const list = Array.isArray(outs) ? outs : [outs];
  const result = await Promise.all(list.map(async (t) => ({ shape: t.shape, values: Float32Array.from(await t.data()) })));
  tf.dispose(list);
  assert.equal(tf.memory().numTensors, before, `tensors leaked on ${backend}`);
  // Also catches backend memory a kernel allocated or referenced without a tensor to free it.
  assert.equal(tf.engine().backend.numDataIds(), buffersBefore, `backend data leaked on ${backend}`);
  return result;
}

/**
 * A [1, 4, 4, 4] input whose 2×2 windows hold ties (like a ReLU conv over a blank MNIST
 * background), partial ties, −∞ and NaN (never a maximum on the cpu backend). Each of the 4
 * channels (one SIMD vector) holds the same pattern, scaled by 1, 2, −1 and 0.5.
 */
export function tiedPoolInput(): tf.Tensor4D {
  const values = [
    [3, 3, 0, 1],
    [3, 3, 1, 1],
    [2, 5, -Infinity, -Infinity],
    [5, 1, -Infinity, NaN],
  ];
  const channels = [1, 2, -1, 0.5];
  return tf.tensor4d(values.flat().flatMap((v) => channels.map((k) => v * k)), [1, 4, 4, 4]);
}

/** Largest absolute difference, relative to the largest magnitude (at least 1). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** `f` gives the same shapes and values (within float32 tolerance) on wasm as on cpu. */
export async function assertSameOnWasmAndCpu(label: string, f: () => tf.Tensor | tf.Tensor[], tolerance = 1e-4): Promise<void> {
  const wasm = await runOn('wasm', f);
  const cpu = await runOn('cpu', f);
  assert.equal(wasm.length, cpu.length);
  wasm.forEach((w, i) => {
    assert.deepEqual(w.shape, cpu[i].shape, `${label}: output ${i} shape`);
    const err = relativeError(w.values, cpu[i].values);
    assert.ok(err <= tolerance, `${label}: output ${i} differs from cpu by ${err.toExponential(2)} (> ${tolerance})`);
  });
}

/**
 * Every build the wasm kernels can run with: DeepDrill's SIMD kernels with fused multiply-adds
 * (the default), without them, and none at all (DEEPDRILL_SIMD_KERNELS=0: the JavaScript /
 * XNNPACK paths the threaded build uses).
 */
export const SIMD_BUILDS = [
  { env: undefined, variant: 'relaxed', label: 'own SIMD kernels, fused multiply-add' },
  { env: 'plain', variant: 'plain', label: 'own SIMD kernels, plain SIMD' },
  { env: '0', variant: undefined, label: 'without own SIMD kernels' },
] as const;

/** Runs `body` (which declares tests) once per build in SIMD_BUILDS, checking the build is the one in use. */
export function describeEachSimdBuild(name: string, body: () => void): void {
  for (const build of SIMD_BUILDS) {
    describe(`${name} (${build.label})`, () => {
      let saved: string | undefined;
      before(async () => {
        await wasmReady();
        saved = process.env.DEEPDRILL_SIMD_KERNELS;
        if (build.env === undefined) delete process.env.DEEPDRILL_SIMD_KERNELS;
        else process.env.DEEPDRILL_SIMD_KERNELS = build.env;
        assert.equal(simdKernelsVariant(tf.findBackend('wasm') as BackendWasm), build.variant);
      });
      after(() => {
        if (saved === undefined) delete process.env.DEEPDRILL_SIMD_KERNELS;
        else process.env.DEEPDRILL_SIMD_KERNELS = saved;
      });
      body();
    });
  }
}
