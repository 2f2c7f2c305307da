import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CoreWatch, dataParallelWanted, DEFAULT_DATA_PARALLEL } from '../../extension/worker/dataParallel';
import type { DataParallelStats } from '../../extension/worker/dataParallel';

interface ChildResult {
  detail: string;
  notReady?: string;
  weights: number[][];
  history: Record<string, number[]>;
  leaked: number;
  replicaLeaked: number;
  stats: DataParallelStats;
}

/**
 * Trains in a fresh process (data-parallel on or off); the process must end by itself. Every
 * run here splits fewer than CoreWatch.WINDOW_STEPS steps, so a busy machine cannot pause it.
 */
function train(parallel: boolean | 'default', kind: string, how: string, steps = 3): ChildResult {
  // Kernel threads off: "one thread" means one here, and data-parallel is the default without them.
  const env: NodeJS.ProcessEnv = { ...process.env, DEEPDRILL_DATA_PARALLEL: parallel ? '1' : '0', DEEPDRILL_WASM_THREADS: '1', DEEPDRILL_KERNEL_THREADS: '0' };
  if (parallel === 'default') delete env.DEEPDRILL_DATA_PARALLEL;
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'dataParallelChild.ts'), kind, how, String(steps)], {
    encoding: 'utf8',
    env,
    // Only a guard against a hang (a replica thread keeping the process alive), not a speed limit.
    timeout: 180_000,
  });
  assert.equal(child.signal, null, `the process did not end by itself: ${child.stderr.slice(-2000)}`);
  assert.equal(child.status, 0, child.stderr.slice(-2000));
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as ChildResult;
}

function assertClose(actual: number, expected: number, what: string, tolerance: number): void {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** Same weights and history, within float tolerance (the halves' sums round differently). */
function assertSameTraining(parallel: ChildResult, single: ChildResult, tolerance = 1e-4): void {
  assert.equal(parallel.weights.length, single.weights.length);
  parallel.weights.forEach((w, i) => w.forEach((v, j) => assertClose(v, single.weights[i][j], `weight ${i}[${j}]`, tolerance)));
  assert.deepEqual(Object.keys(parallel.history).sort(), Object.keys(single.history).sort());
  for (const [key, values] of Object.entries(single.history)) {
    values.forEach((v, e) => assertClose(parallel.history[key][e], v, `${key} of epoch ${e + 1}`, tolerance));
  }
}

describe('data-parallel training on two threads', () => {
  it('is on for convolutional models when kernel threads are off, for all with DEEPDRILL_DATA_PARALLEL=1, off with 0, on one core or with the threaded build', () => {
    assert.equal(DEFAULT_DATA_PARALLEL, 'convolutional');
    // By default the kernels' helper thread has the second core (kernels/kernelThreads.ts).
    assert.deepEqual(dataParallelWanted({}, 2), { on: false });
    assert.deepEqual(dataParallelWanted({ DEEPDRILL_KERNEL_THREADS: '0' }, 2), { on: true, policy: 'convolutional' });
    assert.deepEqual(dataParallelWanted({ DEEPDRILL_DATA_PARALLEL: '1' }, 2), { on: true, policy: 'all' });
    assert.deepEqual(dataParallelWanted({ DEEPDRILL_DATA_PARALLEL: '0' }, 8), { on: false });
    assert.deepEqual(dataParallelWanted({ DEEPDRILL_DATA_PARALLEL: '1' }, 1), { on: false, reason: 'one core' });
    assert.equal(dataParallelWanted({ DEEPDRILL_DATA_PARALLEL: '1', DEEPDRILL_WASM_THREADS: '2' }, 2).on, false);
    // The default says nothing when it cannot apply: nobody asked for it.
    assert.deepEqual(dataParallelWanted({}, 1), { on: false });
    assert.deepEqual(dataParallelWanted({ DEEPDRILL_WASM_THREADS: '2' }, 2), { on: false });
  });

  it('without kernel threads, by default splits the seed CNN like DEEPDRILL_DATA_PARALLEL=1 but trains an MLP on one thread, saying why', () => {
    const cnn = train('default', 'cnn', 'fit');
    assert.match(cnn.detail, /data-parallel on 2 threads for convolutional models/);
    assert.equal(cnn.notReady, undefined);
    assert.equal(cnn.stats.parallelSteps, 6, JSON.stringify(cnn.stats));
    assert.equal(cnn.replicaLeaked, 0);
    const mlp = train('default', 'mlp', 'fitDataset');
    const single = train(false, 'mlp', 'fitDataset');
    assert.equal(mlp.stats.parallelSteps, 0, JSON.stringify(mlp.stats));
    assert.match(mlp.notReady ?? '', /no convolutional layer \(DEEPDRILL_DATA_PARALLEL=1 splits every model\)/);
    assertSameTraining(mlp, single, 0);
    assert.equal(mlp.leaked, 0);
  });

  it('goes back to one thread for a while when the two threads did not get more than one core between them', () => {
    const watch = new CoreWatch();
    // Two cores' worth of CPU per wall second: keeps splitting.
    for (let i = 0; i < CoreWatch.WINDOW_STEPS - 1; i++) assert.equal(watch.record(80, 50), undefined);
    assert.equal(watch.record(80, 50), 1.6);
    assert.equal(watch.split(), true);
    // One core's worth: the next PAUSE_STEPS steps run on one thread, then it splits (and measures) again.
    for (let i = 0; i < CoreWatch.WINDOW_STEPS - 1; i++) watch.record(50, 50);
    assert.equal(watch.record(50, 50), 1);
    const decisions = Array.from({ length: CoreWatch.PAUSE_STEPS + 1 }, () => watch.split());
    assert.equal(decisions.filter((d) => !d).length, CoreWatch.PAUSE_STEPS);
    assert.equal(decisions[CoreWatch.PAUSE_STEPS], true);
  });

  it('trains the seed CNN with fit (validation split) to the same weights and history as one thread, without leaks', () => {
    const parallel = train(true, 'cnn', 'fit');
    const single = train(false, 'cnn', 'fit');
    assert.match(parallel.detail, /data-parallel on 2 threads/);
    assert.doesNotMatch(single.detail, /data-parallel/);
    assert.equal(parallel.notReady, undefined);
    // 96 samples, a quarter for validation: batches of 32, 32 and 8 per epoch, 3 epochs; a batch
    // of 8 is too small to split and trains on this thread.
    assert.equal(parallel.stats.parallelSteps, 6, JSON.stringify(parallel.stats));
    assert.equal(parallel.stats.singleSteps, 3, JSON.stringify(parallel.stats));
    assert.equal(single.stats.parallelSteps, 0);
    assertSameTraining(parallel, single);
    assert.equal(parallel.leaked, 0, 'tensors leaked on the main thread');
    assert.equal(parallel.replicaLeaked, 0, 'tensors leaked in the replica');
  });

  it('trains an MLP with an L2 regulariser through fitDataset like one thread', () => {
    const parallel = train(true, 'mlp', 'fitDataset');
    const single = train(false, 'mlp', 'fitDataset');
    assert.equal(parallel.stats.singleSteps, 0, JSON.stringify(parallel.stats));
    assert.equal(parallel.stats.parallelSteps, 9);
    assertSameTraining(parallel, single);
    assert.equal(parallel.leaked, 0);
    assert.equal(parallel.replicaLeaked, 0);
  });

  it('trains a functional model with two outputs and a loss each like one thread', () => {
    const parallel = train(true, 'twoOutputs', 'fit');
    const single = train(false, 'twoOutputs', 'fit');
    assert.equal(parallel.stats.parallelSteps, 6, JSON.stringify(parallel.stats));
    assert.ok('value_loss' in single.history && 'digit_acc' in single.history, Object.keys(single.history).join());
    assertSameTraining(parallel, single);
    assert.equal(parallel.leaked, 0);
    assert.equal(parallel.replicaLeaked, 0);
  });

  it('keeps two models trained in turn (trainOnBatch) set up in the replica, and trains both like one thread', () => {
    const parallel = train(true, 'mlp', 'alternate', 2);
    const single = train(false, 'mlp', 'alternate', 2);
    assert.equal(parallel.notReady, undefined);
    assert.equal(parallel.stats.parallelSteps, 8, JSON.stringify(parallel.stats));
    assertSameTraining(parallel, single);
  });

  it('falls back to one thread, and still trains the same, for a custom loss, batch normalisation or a class the replica lacks', () => {
    for (const [kind, reason] of [
      ['custom', /loss that is not a built-in name/],
      ['batchnorm', /layer BatchNormalization/],
      // Passes the checks here, but the replica cannot deserialise the class.
      ['unregistered', /the replica could not rebuild the model \(.*HalfL2/],
    ] as const) {
      const parallel = train(true, kind, 'fit', 2);
      const single = train(false, kind, 'fit', 2);
      assert.equal(parallel.stats.parallelSteps, 0, kind);
      assert.match(parallel.notReady ?? '', reason);
      assert.match(parallel.stats.lastFallback ?? '', reason);
      assert.ok(parallel.history.loss.every(Number.isFinite), `${kind}: ${parallel.history.loss}`);
      assertSameTraining(parallel, single, 1e-6);
      assert.equal(parallel.leaked, 0);
    }
  });
});
