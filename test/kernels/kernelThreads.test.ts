// The kernel helper thread (extension/worker/kernels/kernelThreads.ts): large convolution,
// filter-gradient and pooling-gradient calls split between the main thread and a helper on the
// backend's shared memory give the one-thread results (bit for bit where the split is by
// images; within float rounding for the filter gradient's partial sums), the helper really
// takes work, nothing is left running, and the split stays out of the way where it cannot help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { filterGradParts, kernelThreadStats, kernelThreadsWanted, stopKernelThreads, unsplitKernels } from '../../extension/worker/kernels/kernelThreads';
import { JOB, chunkCount } from '../../extension/worker/kernels/kernelThreadProtocol';
import { type SimdKernels, simdKernelsFor } from '../../extension/worker/kernels/simdKernels';
import { assertSameOnWasmAndCpu, randomTensor, relativeError, tf, wasmReady } from './kernelTestUtil';

describe('when the kernels use a helper thread', () => {
  it('by default on two cores or more, in the main thread only, never beside another use of the second core', () => {
    assert.equal(kernelThreadsWanted({}, 2, true), true);
    assert.equal(kernelThreadsWanted({}, 1, true), false);
    assert.equal(kernelThreadsWanted({}, 8, false), false, 'not in the data-parallel replica');
    assert.equal(kernelThreadsWanted({ DEEPDRILL_KERNEL_THREADS: '0' }, 2, true), false);
    assert.equal(kernelThreadsWanted({ DEEPDRILL_DATA_PARALLEL: '1' }, 2, true), false);
    assert.equal(kernelThreadsWanted({ DEEPDRILL_WASM_THREADS: '2' }, 2, true), false);
    assert.equal(kernelThreadsWanted({ DEEPDRILL_KERNEL_THREADS: '1', DEEPDRILL_WASM_THREADS: '1' }, 2, true), true);
  });

  it('cuts batches into chunks of images, and filter gradients into at most 16 partial sums of ≥ 4 images within 8 MiB', () => {
    assert.equal(chunkCount(JOB.conv2dForward, [0, 0, 0, 64]), 32);
    assert.equal(chunkCount(JOB.maxPoolGrad2x2, [0, 0, 0, 5]), 5);
    assert.equal(filterGradParts(64, 73_728), 16);
    assert.equal(filterGradParts(7, 73_728), 1, 'too few images to cut');
    assert.equal(filterGradParts(64, 3 * 3 * 512 * 512 * 4), 1, 'a 9 MiB filter would need too much scratch');
    assert.equal(filterGradParts(64, 4 << 20), 3);
  });
});

// On one core, or with the helper turned off in this environment, there is nothing to split.
const noHelper = availableParallelism() < 2 ? 'one core: no helper thread' : !kernelThreadsWanted() ? 'kernel threads turned off in this environment' : false;

describe('DeepDrill SIMD kernels split with a helper thread', { skip: noHelper }, () => {
  let backend: BackendWasm;
  let split: SimdKernels;
  let raw: SimdKernels;
  let chunksAfterWarmUp = 0;

  before(async () => {
    await wasmReady();
    backend = tf.findBackend('wasm') as BackendWasm;
    const memory = (backend.wasm as unknown as { asm: { memory: { buffer: unknown } } }).asm.memory;
    assert.ok(memory.buffer instanceof SharedArrayBuffer, 'the backend loads with a shared memory');
    split = simdKernelsFor(backend) as SimdKernels;
    assert.ok(split, 'DeepDrill SIMD kernels load');
    raw = unsplitKernels(split);
    assert.notEqual(raw, split, 'the kernels are the split ones');
  });

  /** Runs `call` on output buffers of `shape` with the split and the unsplit kernels; returns both results. */
  function bothWays(inputs: tf.Tensor[], shape: number[], call: (k: SimdKernels, ptrs: number[], out: number) => void): [Float32Array, Float32Array] {
    const ptrs = inputs.map((t) => backend.getMemoryOffset(t.dataId));
    const results = [split, raw].map((k) => {
      const out = backend.makeOutput(shape, 'float32');
      // Garbage first: a chunk that writes nothing would leave it and fail the comparison.
      (backend.typedArrayFromHeap(out) as Float32Array).fill(Number.NaN);
      call(k, ptrs, backend.getMemoryOffset(out.dataId));
      const values = Float32Array.from(backend.typedArrayFromHeap(out) as Float32Array);
      backend.disposeData(out.dataId);
      return values;
    });
    return [results[0], results[1]];
  }

  function onWasm<T>(f: () => T): T {
    assert.equal(tf.getBackend(), 'wasm');
    return f();
  }

  before(async () => {
    assert.ok(await tf.setBackend('wasm'));
  });

  // First, so that the comparisons below run with the helper up (it starts with the first large call).
  it('the helper thread starts and takes chunks of large calls', () =>
    onWasm(() => {
      const x = randomTensor([64, 13, 13, 32], 8);
      const w = randomTensor([3, 3, 32, 64], 9);
      const before = kernelThreadStats(split)?.helperChunks ?? 0;
      // It starts with the first large call; until it is up the main thread takes every chunk.
      const deadline = Date.now() + 20_000;
      while ((kernelThreadStats(split)?.helperChunks ?? 0) === before && Date.now() < deadline) {
        bothWays([x, w], [64, 11, 11, 64], (k, [px, pw], out) => k.conv2dForward(px, pw, out, 64, 13, 13, 32, 11, 11, 64, 3, 3, 1, 1, 0, 0));
        spawnSync('sleep', ['0.05']); // lets the helper start without returning to the event loop
      }
      const stats = kernelThreadStats(split);
      assert.ok(stats?.running, `helper running: ${JSON.stringify(stats)}`);
      assert.ok(stats.helperChunks > before, 'the helper computed chunks');
      chunksAfterWarmUp = stats.helperChunks;
      tf.dispose([x, w]);
    }));

  const convCases = [
    { n: 64, h: 13, w: 13, c: 32, k: 3, o: 64, stride: 1, pad: 0 },
    { n: 33, h: 12, w: 12, c: 16, k: 3, o: 32, stride: 1, pad: 1 },
    { n: 7, h: 15, w: 14, c: 8, k: 3, o: 48, stride: 2, pad: 1 },
  ];

  for (const c of convCases) {
    const oh = Math.floor((c.h + 2 * c.pad - c.k) / c.stride) + 1;
    const ow = Math.floor((c.w + 2 * c.pad - c.k) / c.stride) + 1;
    it(`conv2dForward and conv2dFilterGrad over ${c.n} images ${c.h}×${c.w}×${c.c} → ${c.o}, stride ${c.stride}, pad ${c.pad}`, () =>
      onWasm(() => {
        const x = randomTensor([c.n, c.h, c.w, c.c], 1);
        const w = randomTensor([c.k, c.k, c.c, c.o], 2);
        const dy = randomTensor([c.n, oh, ow, c.o], 3);
        const [ySplit, y] = bothWays([x, w], [c.n, oh, ow, c.o], (k, [px, pw], out) =>
          k.conv2dForward(px, pw, out, c.n, c.h, c.w, c.c, oh, ow, c.o, c.k, c.k, c.stride, c.stride, c.pad, c.pad),
        );
        assert.ok(!y.some(Number.isNaN));
        assert.deepEqual(ySplit, y, 'the forward convolution is the same bit for bit');
        const [dwSplit, dw] = bothWays([x, dy], [c.k, c.k, c.c, c.o], (k, [px, pdy], out) =>
          k.conv2dFilterGrad(px, pdy, out, c.n, c.h, c.w, c.c, oh, ow, c.o, c.k, c.k, c.stride, c.stride, 1, 1, c.pad, c.pad),
        );
        assert.ok(!dw.some(Number.isNaN));
        assert.ok(relativeError(dwSplit, dw) < 1e-5, `filter gradient differs by ${relativeError(dwSplit, dw)}`);
        // The partial sums are added in a fixed order: the same result every time, whoever computed what.
        const [again] = bothWays([x, dy], [c.k, c.k, c.c, c.o], (k, [px, pdy], out) =>
          k.conv2dFilterGrad(px, pdy, out, c.n, c.h, c.w, c.c, oh, ow, c.o, c.k, c.k, c.stride, c.stride, 1, 1, c.pad, c.pad),
        );
        assert.deepEqual(again, dwSplit);
        tf.dispose([x, w, dy]);
      }),
    );
  }

  it('conv2dFewChannels over 64 grey-scale images and 9 RGB images (5×5, same)', () =>
    onWasm(() => {
      for (const c of [
        { n: 64, h: 28, w: 28, c: 1, k: 3, o: 32, pad: 0 },
        { n: 9, h: 32, w: 32, c: 3, k: 5, o: 16, pad: 2 },
      ]) {
        const oh = c.h + 2 * c.pad - c.k + 1;
        const ow = c.w + 2 * c.pad - c.k + 1;
        const x = randomTensor([c.n, c.h, c.w, c.c], 4);
        const w = randomTensor([c.k, c.k, c.c, c.o], 5);
        const [a, b] = bothWays([x, w], [c.n, oh, ow, c.o], (k, [px, pw], out) => k.conv2dFewChannels(px, pw, out, c.n, c.h, c.w, c.c, oh, ow, c.o, c.k, c.k, 1, 1, c.pad, c.pad));
        assert.ok(!b.some(Number.isNaN));
        assert.deepEqual(a, b);
        tf.dispose([x, w]);
      }
    }));

  it('maxPoolGrad2x2, maxPool2x2 and addBias over 64 images, and over 33 images of odd size (the gradient of the last row and column is zero)', () =>
    onWasm(() => {
      for (const [n, h, w, c] of [
        [64, 26, 26, 32],
        [33, 27, 25, 16],
      ]) {
        const x = randomTensor([n, h, w, c], 6);
        const dy = randomTensor([n, h >> 1, w >> 1, c], 7);
        const [a, b] = bothWays([x, dy], [n, h, w, c], (k, [px, pdy], out) => k.maxPoolGrad2x2(px, pdy, out, n, h, w, c));
        assert.ok(!b.some(Number.isNaN));
        assert.deepEqual(a, b);
        const [p, q] = bothWays([x], [n, h >> 1, w >> 1, c], (k, [px], out) => k.maxPool2x2(px, out, n, h, w, c));
        assert.ok(!q.some(Number.isNaN));
        assert.deepEqual(p, q, 'max pooling');
        const bias = randomTensor([c], 8);
        const [s, t] = bothWays([x, bias], [n, h, w, c], (k, [px, pb], out) => k.addBias(px, pb, out, n * h * w, c));
        assert.ok(!t.some(Number.isNaN));
        assert.deepEqual(s, t, 'bias add');
        tf.dispose([x, dy, bias]);
      }
    }));

  it('a batch of 16 seed-CNN images: conv2d value and gradients match the cpu backend', async () => {
    await assertSameOnWasmAndCpu('conv 16×13×13×32 * 3×3×32×64', () => {
      const x = randomTensor([16, 13, 13, 32], 10) as tf.Tensor4D;
      const w = randomTensor([3, 3, 32, 64], 11) as tf.Tensor4D;
      const y = tf.conv2d(x, w, 1, 'valid');
      const r = randomTensor(y.shape, 12);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), r)))([x, w]);
      const pooled = tf.maxPool(y as tf.Tensor4D, 2, 2, 'valid');
      const dPool = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), randomTensor(pooled.shape, 13))))(y);
      return [y, dx, dw, dPool];
    });
  });

  it('once the helper is stopped, the main thread computes every chunk, with the same results', async () => {
    assert.ok((kernelThreadStats(split)?.helperChunks ?? 0) > chunksAfterWarmUp, 'the helper took part in the comparisons above');
    await stopKernelThreads(split);
    assert.equal(kernelThreadStats(split)?.running, false);
    const x = randomTensor([64, 13, 13, 32], 14);
    const w = randomTensor([3, 3, 32, 64], 15);
    const [a, b] = bothWays([x, w], [64, 11, 11, 64], (k, [px, pw], out) => k.conv2dForward(px, pw, out, 64, 13, 13, 32, 11, 11, 64, 3, 3, 1, 1, 0, 0));
    assert.deepEqual(a, b);
    tf.dispose([x, w]);
  });
});

describe('a training process with a helper thread', { skip: noHelper }, () => {
  it('says so in its backend detail, trains a conv model, and exits on its own (the parked helper keeps nothing alive)', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'kernelThreadsChild.ts')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(child.signal, null, `child was killed (timed out?): ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    const report = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { detail: string; helperChunks: number; loss: number[] };
    assert.match(report.detail, /helper thread for large calls/);
    assert.ok(report.helperChunks > 0, JSON.stringify(report));
    assert.ok(report.loss.every(Number.isFinite) && report.loss[report.loss.length - 1] < report.loss[0], `loss falls: ${report.loss}`);
  });
});
