// `UnsortedSegmentSum` for the wasm backend, which (tfjs 4.22) lacks it. It is the gradient of
// `gather`, so without it no Embedding layer trains on wasm. A scatter-add (`scatterND` sums
// duplicate indices) does it in one pass; ids outside [0, numSegments) are dropped, as
// TensorFlow does, by sending them to segment 0 with a zero contribution.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { kernelInputs, wrapInput, type Tf } from './kernelUtil';

type KernelArgs = Parameters<tfType.KernelFunc>[0];

export function unsortedSegmentSumKernel(tf: Tf): tfType.KernelConfig {
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const { x, segmentIds } = kernelInputs(args.inputs, 'x', 'segmentIds');
      const { numSegments } = args.attrs as unknown as tfType.UnsortedSegmentSumAttrs;
      return tf.tidy(() => {
        const xT = wrapInput(tf, backend, x);
        const ids = tf.reshape(tf.cast(wrapInput(tf, backend, segmentIds), 'int32'), [-1]);
        const count = ids.shape[0];
        const rest = xT.shape.slice(segmentIds.shape.length);
        const updates = tf.reshape(xT, [count, ...rest]);
        const valid = tf.logicalAnd(tf.greaterEqual(ids, 0), tf.less(ids, numSegments));
        const safeIds = tf.where(valid, ids, tf.zerosLike(ids));
        const mask = tf.reshape(tf.cast(valid, xT.dtype), [count, ...rest.map(() => 1)]);
        return tf.scatterND(tf.reshape(safeIds, [count, 1]), tf.mul(updates, mask), [numSegments, ...rest]);
      });
    },
  };
}
