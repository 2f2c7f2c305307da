// tfjs side of `npm run bench`: trains one model on one backend the way a learner's file would
// (the worker's `initBackend`, then `model.fit`), on MNIST-shaped random data, and prints one
// JSON line. One measurement per process, like the PyTorch side, so runs do not share warm state.
//
//   node --import tsx scripts/bench/tfjsBench.ts MODEL BACKEND SAMPLES   (MODEL: cnn | mlp)
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import type { BackendChoice } from '../../extension/shared/workerProtocol';
import { initBackend } from '../../extension/worker/backend';
import { kernelThreadStats } from '../../extension/worker/kernels/kernelThreads';
import { simdKernelsFor } from '../../extension/worker/kernels/simdKernels';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { dataParallelReady, dataParallelStats } from '../../extension/worker/dataParallel';
import { seedCnn } from '../../extension/worker/kernels/profile';

const BATCH = 64;

function mlp(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function main(): Promise<void> {
  const [name, choice, samplesArg] = process.argv.slice(2);
  const samples = Number(samplesArg);
  if ((name !== 'cnn' && name !== 'mlp') || !choice || !(samples > 0)) {
    throw new Error('usage: tfjsBench.ts cnn|mlp BACKEND SAMPLES');
  }
  const load = loadavg()[0];
  const init = await initBackend(tf, choice as BackendChoice);
  if (!init.ok) throw new Error(init.error.message);
  const cpuBackend = tf.backend() as { firstUse?: boolean };
  if (typeof cpuBackend.firstUse === 'boolean') cpuBackend.firstUse = false;
  const model = name === 'cnn' ? seedCnn(tf) : mlp();
  // When data-parallel training is on, the replica thread is given the model before the clock
  // starts (in a learner's run it loads while the data does). By default only a convolutional
  // model splits; with DEEPDRILL_DATA_PARALLEL=1 every model must.
  let parallel = /data-parallel on/.test(init.detail);
  if (parallel) {
    const notReady = await dataParallelReady(model);
    if (notReady && process.env.DEEPDRILL_DATA_PARALLEL === '1') throw new Error(`data-parallel training unavailable: ${notReady}`);
    parallel = notReady === undefined;
  }
  const xs = tf.randomUniform([samples, 28, 28, 1]);
  const ys = tf.randomUniform([samples, 1], 0, 10, 'int32').cast('float32');
  // One warm-up batch: kernel set-up, operator caches and JIT are not what a run's speed is.
  // (A small one on the pure-JS backend, where a full CNN batch takes a minute.)
  const warm = Math.min(samples, init.backend === 'cpu' ? 4 : BATCH);
  const wx = xs.slice(0, warm);
  const wy = ys.slice(0, warm);
  await model.fit(wx, wy, { batchSize: BATCH, epochs: 1, verbose: 0 });
  tf.dispose([wx, wy]);
  const tensorsBefore = tf.memory().numTensors;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const leaked = tf.memory().numTensors - tensorsBefore;
  // Data-parallel and the kernels' helper thread (when it computed chunks: an MLP never starts
  // it) use a second thread beside the backend's own.
  const helperUsed = init.backend === 'wasm' && (kernelThreadStats(simdKernelsFor(tf.backend() as BackendWasm) ?? {})?.helperChunks ?? 0) > 0;
  const threads = init.backend === 'wasm' ? (parallel || helperUsed ? 2 : Number(/(\d+) threads?/.exec(init.detail)?.[1] ?? 1)) : undefined;
  const split = parallel ? dataParallelStats() : undefined;
  tf.dispose([xs, ys]);
  model.dispose();
  console.log(
    JSON.stringify({
      engine: 'tfjs',
      model: name,
      backend: init.backend,
      detail: init.detail,
      threads,
      samples,
      samples_per_s: samples / seconds,
      samples_per_cpu_s: samples / cpuSeconds,
      leaked_tensors: leaked,
      data_parallel: split,
      load_avg: load,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
