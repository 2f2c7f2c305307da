// `Identity` for the wasm backend without a copy. tfjs's engine runs Identity on every tensor it
// saves for the backward pass (Engine.saveTensorsForBackwardMode → Engine.clone): ≈ 40 of the
// seed CNN's 46 Identity calls per step, activations among them (a [64,26,26,32] output is
// 5.5 MB), the rest from tf.clone inside broadcastTo. The stock wasm kernel copies each one into
// a new buffer; the cpu and webgl backends instead share the buffer and count one more reference
// (`incRef`), as the wasm backend's own Reshape already does. This kernel does the same.
// Sharing is safe because nothing writes a float32 buffer in place while another tensor holds
// it: tfjs's kernels always write new outputs, and DeepDrill's fused Adam writes the moments in
// place only when the backend counts ONE reference to them (fusedAdam.ts) and the weights to a
// new buffer. Strings keep the stock kernel (their bytes live outside the heap).
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { fasterWhere, kernelInputs, type Tf, wrapInput } from './kernelUtil';

export function identityKernel(stock: tfType.KernelConfig): tfType.KernelConfig {
  return fasterWhere(stock, (args) => {
    const { x } = kernelInputs(args.inputs, 'x');
    if (x.dtype === 'string') return undefined;
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}

/**
 * `Cast` to the dtype a tensor already has, shared like Identity (the cpu backend does the same;
 * the stock wasm kernel copies). tfjs's ReLU gradient casts step(x), already float32, to float32:
 * a 5.5 MB copy per step on the seed CNN's first layer. A cast to bool is x ≠ 0, as on the cpu
 * backend: the stock wasm kernel truncates instead (−2.25 became 254, not true). Other casts keep
 * the stock kernel.
 */
export function castKernel(tf: Tf, stock: tfType.KernelConfig): tfType.KernelConfig {
  const identity = identityKernel(stock);
  return fasterWhere(stock, (args) => {
    const { x } = kernelInputs(args.inputs, 'x');
    const { dtype } = args.attrs as unknown as tfType.CastAttrs;
    if (dtype === x.dtype) return identity.kernelFunc(args) as tfType.TensorInfo;
    if (dtype === 'bool' && (x.dtype === 'float32' || x.dtype === 'int32')) {
      return tf.tidy(() => tf.notEqual(wrapInput(tf, args.backend as BackendWasm, x), tf.scalar(0, x.dtype)));
    }
    return undefined;
  });
}
