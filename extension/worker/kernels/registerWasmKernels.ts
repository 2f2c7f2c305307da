// Registers DeepDrill's training kernels for the tfjs wasm backend: the ones it lacks (so that
// conv, depthwise/separable conv and embedding layers can train at all) and faster versions of
// the ones that dominate a CNN training step. Each file says why its kernel exists; the
// equivalence tests in test/kernels compare every one with the cpu backend.
import type * as tfType from '@tensorflow/tfjs';
import { batchMatMulKernel } from './batchMatMul';
import { conv2dBackpropFilterKernel, conv2dBackpropInputKernel, conv2dKernel } from './conv2dGrad';
import { installFusedAdam } from './fusedAdam';
import { gatherKernel } from './gather';
import { castKernel, identityKernel } from './identity';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwiseConv2dGrad';
import type { Tf } from './kernelUtil';
import { maxPoolGradKernel } from './maxPoolGrad';
import { biasAddKernel, maxPoolKernel } from './pool2x2';
import { sumLeadingAxesKernel } from './sumLeadingAxes';
import { unsortedSegmentSumKernel } from './unsortedSegmentSum';

/** Kernels the stock wasm backend does not have. */
export const ADDED_WASM_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'UnsortedSegmentSum',
] as const;
/** Stock wasm kernels replaced by faster ones. */
export const REPLACED_WASM_KERNELS = ['Conv2D', 'Conv2DBackpropInput', 'MaxPool', 'MaxPoolGrad', 'Add', 'Sum', 'Identity', 'Cast', 'BatchMatMul', 'GatherV2'] as const;

// Marks our configs so a second call neither re-registers nor mistakes ours for the stock one.
const ours = new WeakSet<tfType.KernelFunc>();

export interface RegisterOptions {
  /** Also replace the slow stock kernels (default true). False only to measure the difference. */
  replaceSlow?: boolean;
}

/**
 * Makes the wasm backend able to train conv and embedding layers, fast. Call after importing
 * `@tensorflow/tfjs-backend-wasm` (which registers the stock kernels); calling it again is a
 * no-op. Returns the names of the kernels now provided by DeepDrill.
 */
export function registerWasmTrainingKernels(tf: Tf, options: RegisterOptions = {}): string[] {
  const stock = (name: string): tfType.KernelConfig | undefined => {
    const k = tf.getKernel(name, 'wasm');
    return k && !ours.has(k.kernelFunc) ? k : undefined;
  };
  const configs: tfType.KernelConfig[] = [
    conv2dBackpropFilterKernel(tf),
    depthwiseBackpropFilterKernel(tf),
    depthwiseBackpropInputKernel(tf),
    unsortedSegmentSumKernel(tf),
  ];
  if (options.replaceSlow !== false) {
    configs.push(conv2dBackpropInputKernel(tf, stock('Conv2DBackpropInput')), maxPoolGradKernel(tf, stock('MaxPoolGrad')));
    // Faster paths for some inputs of a stock kernel, which keeps the others.
    const faster: [string, (stock: tfType.KernelConfig) => tfType.KernelConfig][] = [
      ['Sum', (k) => sumLeadingAxesKernel(tf, k)],
      ['Conv2D', (k) => conv2dKernel(tf, k)],
      ['Identity', identityKernel],
      ['Cast', (k) => castKernel(tf, k)],
      ['MaxPool', (k) => maxPoolKernel(tf, k)],
      ['Add', biasAddKernel],
      ['GatherV2', (k) => gatherKernel(tf, k)],
      ['BatchMatMul', batchMatMulKernel],
    ];
    for (const [name, make] of faster) {
      const k = stock(name);
      if (k) configs.push(make(k));
    }
    // Not a kernel: tfjs's Adam update, one SIMD call per weight on wasm (fusedAdam.ts).
    installFusedAdam(tf);
  }
  for (const config of configs) {
    const existing = tf.getKernel(config.kernelName, 'wasm');
    if (existing && ours.has(existing.kernelFunc)) continue;
    if (existing) tf.unregisterKernel(config.kernelName, 'wasm');
    ours.add(config.kernelFunc);
    tf.registerKernel(config);
  }
  return configs.map((c) => c.kernelName);
}

/** Whether the kernel registered under `name` for wasm is one of DeepDrill's. */
export function isDeepDrillKernel(tf: Tf, name: string): boolean {
  const k = tf.getKernel(name, 'wasm');
  return k !== undefined && ours.has(k.kernelFunc);
}
