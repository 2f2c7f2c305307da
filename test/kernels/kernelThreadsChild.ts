// Run as a child process by kernelThreads.test.ts: trains a small CNN the way the worker sets
// up its backend, prints one JSON line, and then simply returns: the process must exit by itself.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../extension/worker/backend';
import { kernelThreadStats } from '../../extension/worker/kernels/kernelThreads';
import { simdKernelsFor } from '../../extension/worker/kernels/simdKernels';

async function main(): Promise<void> {
  const init = await initBackend(tf, 'wasm');
  if (!init.ok) throw new Error(JSON.stringify(init.error));
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  // Two classes a CNN tells apart at once: bright left halves or bright right halves.
  const n = 256;
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const xs = tf.tidy(() => {
    const cols = tf.range(0, 28).less(14).reshape([1, 1, 28, 1]).cast('float32');
    const left = tf.tensor(labels, [n, 1, 1, 1]).equal(0).cast('float32');
    const image = left.mul(cols).add(tf.scalar(1).sub(left).mul(tf.scalar(1).sub(cols)));
    return image.mul(tf.ones([n, 28, 28, 1])).add(tf.randomUniform([n, 28, 28, 1], 0, 0.3, 'float32', 7));
  });
  const ys = tf.tensor(labels, [n, 1]);
  const history = await model.fit(xs, ys, { batchSize: 64, epochs: 4, shuffle: false, verbose: 0 });
  const stats = kernelThreadStats(simdKernelsFor(tf.backend() as BackendWasm) ?? {});
  console.log(JSON.stringify({ detail: init.detail, helperChunks: stats?.helperChunks ?? 0, loss: history.history.loss }));
  tf.dispose([xs, ys]);
}

void main();
