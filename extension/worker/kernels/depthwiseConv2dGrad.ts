// Gradients of a depthwise 2-D convolution for the wasm backend, which (tfjs 4.22) has neither,
// so DepthwiseConv2D and SeparableConv2D layers could not train on it. Built from the backend's
// own depthwise conv and batched matmul.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGeometry, dilateSpatial, filterGradOperands, kernelInputs, padOrCrop, wrapInput, type Tf } from './kernelUtil';

const MAX_PATCH_ELEMENTS = 1 << 24;

type KernelArgs = Parameters<tfType.KernelFunc>[0];

/**
 * dx = depthwiseConv2d(pad(dilate(dy, stride)), flip(filter), stride 1, same dilation). With a
 * channel multiplier M > 1, input channel c collects output channels c·M … c·M + M − 1: one
 * depthwise conv per m, summed.
 */
export function depthwiseBackpropInputKernel(tf: Tf): tfType.KernelConfig {
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const { dy, filter } = kernelInputs(args.inputs, 'dy', 'filter');
      const attrs = args.attrs as unknown as tfType.DepthwiseConv2dNativeBackpropInputAttrs;
      const inputShape = attrs.inputShape as [number, number, number, number];
      const filterShape = filter.shape as [number, number, number, number];
      const g = convGeometry(tf, inputShape, filterShape, attrs, true);
      return tf.tidy(() => {
        const dyT = wrapInput(tf, backend, dy) as tfType.Tensor4D;
        const w = wrapInput(tf, backend, filter) as tfType.Tensor4D;
        const [, h, wd, c] = inputShape;
        const mult = filterShape[3];
        const effH = (g.filterHeight - 1) * g.dilationHeight + 1;
        const effW = (g.filterWidth - 1) * g.dilationWidth + 1;
        const dilated = dilateSpatial(tf, dyT, g.strideHeight, g.strideWidth);
        const top = effH - 1 - g.padTop;
        const left = effW - 1 - g.padLeft;
        const padded = padOrCrop(
          tf,
          dilated,
          top,
          h + effH - 1 - dilated.shape[1] - top,
          left,
          wd + effW - 1 - dilated.shape[2] - left,
        );
        const flipped = tf.reverse(w, [0, 1]) as tfType.Tensor4D;
        const dilations: [number, number] = [g.dilationHeight, g.dilationWidth];
        if (mult === 1) return tf.depthwiseConv2d(padded, flipped, 1, 'valid', 'NHWC', dilations);
        const [n, hp, wp] = padded.shape;
        const perChannel = tf.reshape(padded, [n, hp, wp, c, mult]);
        const parts: tfType.Tensor4D[] = [];
        for (let m = 0; m < mult; m++) {
          const dyM = tf.reshape(tf.slice(perChannel, [0, 0, 0, 0, m], [n, hp, wp, c, 1]), [n, hp, wp, c]) as tfType.Tensor4D;
          const wM = tf.slice(flipped, [0, 0, 0, m], [g.filterHeight, g.filterWidth, c, 1]);
          parts.push(tf.depthwiseConv2d(dyM, wM, 1, 'valid', 'NHWC', dilations));
        }
        return tf.addN(parts);
      });
    },
  };
}

/**
 * dW[i, j, c, m] = Σ_{n,y,x} x[n, y·s + i·d − pad, x·s + j·d − pad, c] · dy[n, y, x, c·M + m]:
 * per channel, a matmul of the taps' input columns [kh·kw, P] with dy [P, M] (see
 * filterGradOperands) — one batched matmul over the C channels.
 */
export function depthwiseBackpropFilterKernel(tf: Tf): tfType.KernelConfig {
  return {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const { x, dy } = kernelInputs(args.inputs, 'x', 'dy');
      const attrs = args.attrs as unknown as tfType.DepthwiseConv2dNativeBackpropFilterAttrs;
      const filterShape = attrs.filterShape as [number, number, number, number];
      const g = convGeometry(tf, x.shape as [number, number, number, number], filterShape, attrs, true);
      return tf.tidy(() => {
        const xT = wrapInput(tf, backend, x) as tfType.Tensor4D;
        const dyT = wrapInput(tf, backend, dy) as tfType.Tensor4D;
        const [, , c, mult] = filterShape;
        const { xRows, dyRows, shifts, positions } = filterGradOperands(tf, xT, dyT, g);
        const dyCm = tf.transpose(tf.reshape(dyRows, [positions, c, mult]), [1, 0, 2]) as tfType.Tensor3D;
        const tap = (s: number) => tf.reshape(tf.slice(xRows, [0, s], [c, positions]), [c, 1, positions]) as tfType.Tensor3D;
        let perChannel: tfType.Tensor3D; // [C, kh·kw, M]
        if (shifts.length * c * positions <= MAX_PATCH_ELEMENTS) {
          perChannel = tf.matMul(tf.concat(shifts.map(tap), 1), dyCm);
        } else {
          perChannel = tf.concat(shifts.map((s) => tf.tidy(() => tf.matMul(tap(s), dyCm))), 1) as tfType.Tensor3D;
        }
        return tf.reshape(tf.transpose(perChannel, [1, 0, 2]), filterShape);
      });
    },
  };
}
