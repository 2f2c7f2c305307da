// `Sum` over the leading axes of a large float32 tensor, as a matmul with a row of ones. This
// is the bias gradient of every conv and dense layer (dy summed over batch, rows and columns);
// the stock wasm kernel transposes and reduces it in ≈ 3 ms for the seed CNN's first layer,
// the matmul takes ≈ 0.2 ms. Every other sum goes to the stock kernel.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { kernelInputs, wrapInput, type Tf } from './kernelUtil';

/** Below this many summed rows the stock kernel is as fast. */
const MIN_ROWS = 1024;

type KernelArgs = Parameters<tfType.KernelFunc>[0];

export function sumLeadingAxesKernel(tf: Tf, stock: tfType.KernelConfig): tfType.KernelConfig {
  return {
    kernelName: 'Sum',
    backendName: 'wasm',
    // The stock kernel binds its wasm function in its setup, which the backend runs at start-up for
    // the kernels registered then: this config replaces it, so it carries that setup along.
    setupFunc: stock.setupFunc,
    kernelFunc: (args: KernelArgs) => {
      const { x } = kernelInputs(args.inputs, 'x');
      const { axis, keepDims } = args.attrs as unknown as tfType.SumAttrs;
      const rank = x.shape.length;
      const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
      const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
      const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
      if (x.dtype !== 'float32' || !leading || rows < MIN_ROWS) return stock.kernelFunc(args);
      const kept = x.shape.slice(axes.length);
      const cols = kept.reduce((a, b) => a * b, 1);
      const backend = args.backend as BackendWasm;
      return tf.tidy(() => {
        const summed = tf.matMul(tf.ones([1, rows]), tf.reshape(wrapInput(tf, backend, x), [rows, cols]));
        return tf.reshape(summed, keepDims ? [...axes.map(() => 1), ...kept] : kept);
      });
    },
  };
}
