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
import { kernelInputs } from './kernelUtil';

type KernelArgs = Parameters<tfType.KernelFunc>[0];

export function identityKernel(stock: tfType.KernelConfig): tfType.KernelConfig {
  return {
    kernelName: 'Identity',
    backendName: 'wasm',
    setupFunc: stock.setupFunc,
    kernelFunc: (args: KernelArgs) => {
      const { x } = kernelInputs(args.inputs, 'x');
      if (x.dtype === 'string') return stock.kernelFunc(args);
      (args.backend as BackendWasm).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}
