import * as tf from '@tensorflow/tfjs';
import { registerThreadedWasm } from '../../extension/worker/parallelWasm';
import { initBackend } from '../../extension/worker/backend';
import { profileSeedCnn } from '../../extension/worker/kernels/profile';
async function main() {
  const threads = Number(process.argv[2] ?? 2);
  const t0 = performance.now();
  if (threads > 0) await registerThreadedWasm(tf, threads);
  console.log(JSON.stringify(await initBackend(tf, 'wasm')), (performance.now() - t0).toFixed(0), 'ms');
  for (let r = 0; r < 3; r++) { const p = await profileSeedCnn(tf as any, { batch: 64, steps: 10, byKernel: r === 2 });
  console.log(p.samplesPerSec.toFixed(0), p.samplesPerCpuSec.toFixed(0), p.kernels.slice(0,8).map(k=>k.name+':'+k.msPerStep.toFixed(1)).join(' ')); }
  console.log('tensors', tf.memory().numTensors);
}
main();
