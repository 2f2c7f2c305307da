import * as tf from '@tensorflow/tfjs';
import { registerThreadedWasm } from '../../extension/worker/parallelWasm';
import { initBackend } from '../../extension/worker/backend';
async function main() {
  const threads = Number(process.argv[2] ?? 2);
  if (threads > 0) { await registerThreadedWasm(tf, threads); await tf.setBackend('wasm'); } else await initBackend(tf, 'wasm');
  const time = (label: string, f: () => tf.Tensor) => {
    for (let i = 0; i < 3; i++) tf.tidy(() => { f().dataSync(); });
    const t0 = performance.now(); const c0 = process.cpuUsage();
    const n = 10;
    for (let i = 0; i < n; i++) tf.tidy(() => { f().dataSync(); });
    const c = process.cpuUsage(c0);
    console.log(label.padEnd(30), ((performance.now() - t0) / n).toFixed(2), 'ms wall', ((c.user + c.system) / 1000 / n).toFixed(2), 'ms cpu');
  };
  const a = tf.randomUniform([288, 10816]); const b = tf.randomUniform([10816, 64]);
  time('matmul 288x10816x64', () => tf.matMul(a, b));
  const a2 = tf.randomUniform([64 * 13 * 13, 288]); const b2 = tf.randomUniform([288, 64]);
  time('matmul 10816x288x64', () => tf.matMul(a2, b2));
  const x = tf.randomUniform([64, 13, 13, 32]); const w = tf.randomUniform([3, 3, 32, 64]);
  time('conv2d 64x13x13x32 * 3x3x32x64', () => tf.conv2d(x, w as tf.Tensor4D, 1, 'valid'));
  const x1 = tf.randomUniform([64, 28, 28, 1]); const w1 = tf.randomUniform([3, 3, 1, 32]);
  time('conv2d 64x28x28x1 * 3x3x1x32', () => tf.conv2d(x1 as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'valid'));
  const dy = tf.randomUniform([64, 15, 15, 64]); const wf = tf.randomUniform([3, 3, 64, 32]);
  time('conv2d dx 64x15x15x64*3x3x64x32', () => tf.conv2d(dy as tf.Tensor4D, wf as tf.Tensor4D, 1, 'valid'));
}
main();
process.on('exit', () => {
  const fs = require('node:fs');
  for (const t of fs.readdirSync('/proc/self/task')) {
    const st = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8'); const parts = st.slice(st.lastIndexOf(')') + 2).split(' ');
    const name = fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim();
    if (Number(parts[11]) + Number(parts[12]) > 5) console.log('task', t, name, 'utime', parts[11], 'stime', parts[12]);
  }
});
