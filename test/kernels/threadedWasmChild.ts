// Run as a child process by parallelWasm.test.ts: initialises the wasm backend as the worker
// does (thread count from DEEPDRILL_WASM_THREADS), trains the seed CNN a few steps, prints one
// JSON line, and then simply returns — the process must end on its own.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../extension/worker/backend';
import { seedCnn } from '../../extension/worker/kernels/profile';
import { seeded } from './kernelTestUtil';

async function main(): Promise<void> {
  const init = await initBackend(tf, 'wasm');
  if (!init.ok) throw new Error(init.error.message);
  const model = seedCnn(tf);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 100 + i).map((v) => v * 0.1), w.shape)));
  const x = tf.tensor(seeded(8 * 28 * 28, 7).map((v) => Math.max(0, v)), [8, 28, 28, 1]);
  const y = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [i % 10]));
  const losses: number[] = [];
  const step = async () => losses.push(((await model.trainOnBatch(x, y)) as number[])[0]);
  // The first step creates Adam's slot variables; counting starts after it.
  await step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) await step();
  const after = tf.memory().numTensors;
  const threads = (require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
  process.stdout.write(`${JSON.stringify({ detail: init.detail, threads, losses, leaked: after - before })}\n`);
  tf.dispose([x, y]);
  model.dispose();
}

void main();
