// Times training steps of the seed CNN on the wasm backend and breaks a step down by kernel.
// A measuring tool (and the building block of `npm run bench`), not a test:
//   node --import tsx extension/worker/kernels/profile.ts [--stock] [--batch 64] [--steps 10] [--runs 3]
// `--stock` keeps the stock wasm kernels, adding only the missing ones the CNN needs to train.
import type * as tfType from '@tensorflow/tfjs';
import type { Tf } from './kernelUtil';
import { kernelThreadsWanted, sharedMemoryWasmPaths } from './kernelThreads';
import { registerWasmTrainingKernels } from './registerWasmKernels';

/** The seed CNN of the examples: conv32-pool-conv64-pool-dense10, Adam. */
export function seedCnn(tf: Tf): tfType.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

export interface KernelTime {
  name: string;
  /** Milliseconds per training step. */
  msPerStep: number;
  /** CPU milliseconds of this thread's process per step: the steadier figure on a shared machine. */
  cpuMsPerStep: number;
  callsPerStep: number;
}

export interface StepProfile {
  samplesPerSec: number;
  /**
   * Samples per second of this process's CPU time. The wasm backend runs on one thread, so on an
   * idle machine this equals samplesPerSec; on a shared one it is the steadier figure.
   */
  samplesPerCpuSec: number;
  msPerStep: number;
  cpuMsPerStep: number;
  /** Top-level kernels only (a kernel built from other kernels includes their time). */
  kernels: KernelTime[];
}

/**
 * Trains `steps` batches of MNIST-shaped random data after two warm-up steps. With `byKernel`
 * every wasm kernel is wrapped by a timer while it runs; the wasm backend is synchronous, so
 * wall time inside a kernel is its cost.
 */
export async function profileSeedCnn(tf: Tf, opts: { batch: number; steps: number; byKernel: boolean }): Promise<StepProfile> {
  const model = seedCnn(tf);
  const x = tf.randomUniform([opts.batch, 28, 28, 1]);
  const y = tf.randomUniform([opts.batch, 1], 0, 10, 'int32').cast('float32');
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, y);
  const totals = new Map<string, { ms: number; cpuMs: number; calls: number }>();
  const restore = opts.byKernel ? wrapKernels(tf, totals) : () => {};
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    for (let i = 0; i < opts.steps; i++) await model.trainOnBatch(x, y);
  } finally {
    restore();
  }
  const ms = (performance.now() - t0) / opts.steps;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / opts.steps;
  tf.dispose([x, y]);
  model.dispose();
  const kernels = [...totals]
    .map(([name, t]) => ({ name, msPerStep: t.ms / opts.steps, cpuMsPerStep: t.cpuMs / opts.steps, callsPerStep: t.calls / opts.steps }))
    .sort((a, b) => b.msPerStep - a.msPerStep);
  return { samplesPerSec: (opts.batch * 1000) / ms, samplesPerCpuSec: (opts.batch * 1000) / cpuMs, msPerStep: ms, cpuMsPerStep: cpuMs, kernels };
}

function wrapKernels(tf: Tf, totals: Map<string, { ms: number; cpuMs: number; calls: number }>): () => void {
  const originals = tf.getKernelsForBackend('wasm');
  let depth = 0;
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, 'wasm');
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        if (depth > 0) return k.kernelFunc(args);
        depth++;
        const t0 = performance.now();
        const cpu0 = process.cpuUsage();
        try {
          return k.kernelFunc(args);
        } finally {
          depth--;
          const cpu = process.cpuUsage(cpu0);
          const t = totals.get(k.kernelName) ?? { ms: 0, cpuMs: 0, calls: 0 };
          t.ms += performance.now() - t0;
          t.cpuMs += (cpu.user + cpu.system) / 1000;
          t.calls++;
          totals.set(k.kernelName, t);
        }
      },
    });
  }
  return () => {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel(k);
    }
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const arg = (flag: string, fallback: number) => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const stock = process.argv.includes('--stock');
  const batch = arg('--batch', 64);
  const steps = arg('--steps', 10);
  const runs = arg('--runs', 3);
  const tf = (await import('@tensorflow/tfjs')) as Tf;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const { dirname, join, sep } = await import('node:path');
  const stockDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  // The shared-memory build where the kernels split their large calls with a helper thread (as the worker).
  wasm.setWasmPaths((kernelThreadsWanted() ? sharedMemoryWasmPaths(stockDir) : undefined) ?? stockDir + sep);
  registerWasmTrainingKernels(tf, { replaceSlow: !stock });
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const p = await profileSeedCnn(tf, { batch, steps, byKernel: false });
    rates.push(p.samplesPerSec);
    cpuRates.push(p.samplesPerCpuSec);
  }
  const p = await profileSeedCnn(tf, { batch, steps, byKernel: true });
  const inKernels = p.kernels.reduce((a, k) => a + k.msPerStep, 0);
  const cpuInKernels = p.kernels.reduce((a, k) => a + k.cpuMsPerStep, 0);
  console.log(`seed CNN on wasm${stock ? ' (stock kernels + missing ones only)' : ' (DeepDrill kernels)'}, batch ${batch}, ${steps} steps × ${runs} runs`);
  console.log(`samples/s: median ${median(rates).toFixed(0)} (runs: ${rates.map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`samples per CPU-second: median ${median(cpuRates).toFixed(0)} (runs: ${cpuRates.map((v) => v.toFixed(0)).join(', ')})`);
  console.log(`profiled step: ${p.msPerStep.toFixed(1)} ms, in kernels ${inKernels.toFixed(1)} ms, outside ${(p.msPerStep - inKernels).toFixed(1)} ms`);
  console.log(`  CPU time: ${p.cpuMsPerStep.toFixed(1)} ms, in kernels ${cpuInKernels.toFixed(1)} ms, outside ${(p.cpuMsPerStep - cpuInKernels).toFixed(1)} ms`);
  console.log(`  ${'kernel'.padEnd(28)} ${'wall'.padStart(10)} ${'CPU'.padStart(10)} ${'% of CPU'.padStart(9)}`);
  for (const k of p.kernels.slice(0, 18)) {
    const pct = ((100 * k.cpuMsPerStep) / p.cpuMsPerStep).toFixed(1);
    console.log(`  ${k.name.padEnd(28)} ${k.msPerStep.toFixed(2).padStart(7)} ms ${k.cpuMsPerStep.toFixed(2).padStart(7)} ms ${pct.padStart(7)} %  ×${k.callsPerStep}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
