import * as tf from '@tensorflow/tfjs';
import { registerThreadedWasm } from '../../extension/worker/parallelWasm';
import { initBackend } from '../../extension/worker/backend';
async function main() {
  const threads = Number(process.argv[2] ?? 2);
  if (threads > 0) await registerThreadedWasm(tf, threads);
  await initBackend(tf, 'wasm');
  const totals = new Map<string, number>();
  const originals = tf.getKernelsForBackend('wasm');
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({ ...k, kernelFunc: (args) => { const t0 = performance.now(); try { return k.kernelFunc(args); } finally { totals.set(k.kernelName, (totals.get(k.kernelName) ?? 0) + performance.now() - t0); } } });
  }
  for (const [xs, ws] of [[[64, 13, 13, 32], [3, 3, 32, 64]], [[64, 28, 28, 1], [3, 3, 1, 32]]] as const) {
    const x = tf.randomUniform(xs as any) as tf.Tensor4D; const dyShape = [xs[0], xs[1] - 2, xs[2] - 2, ws[3]];
    const dy = tf.randomUniform(dyShape) as tf.Tensor4D;
    const f = () => tf.conv2d(x, tf.variable(tf.zeros(ws as any)) as any, 1, 'valid');
    void f;
    const run = () => tf.tidy(() => { tf.conv2dTranspose; return (tf as any).engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: ws }); });
    for (let i = 0; i < 3; i++) { const r = run(); r.dataSync(); r.dispose(); }
    totals.clear();
    const t0 = performance.now(); const n = 10;
    for (let i = 0; i < n; i++) { const r = run(); r.dataSync(); r.dispose(); }
    console.log(xs.join('x'), 'total', ((performance.now() - t0) / n).toFixed(2), 'ms;', [...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${(v / n).toFixed(2)}`).join(' '));
  }
}
main();
