// Adam's update for the wasm backend in one SIMD call per weight (DeepDrill's `adamUpdate`),
// instead of tfjs's ≈ 11 ops per weight (mul, add, square, div, sqrt, assign…), each a kernel
// call with its own output tensor: on the seed CNN ≈ 70 calls per step, ≈ 3–5 ms. In data-parallel
// training the update runs on the main thread while the replica waits, so it counts twice.
//
// tfjs's AdamOptimizer.prototype.applyGradients is wrapped: both moments are updated in place and
// the new weights written to a new buffer that the weight variable is assigned (not in place:
// XNNPACK caches the packed form of a matmul's or conv's weights by buffer, and would keep using
// the old weights), with the same float32 operations in the same order as tfjs (bit for bit the
// stock result). In place is only safe when nothing else holds the moments' data, so every step
// checks they have one reference; anything unusual (another backend, the first step that creates
// the moments, a missing gradient, a shared buffer, a dtype other than float32) runs tfjs's own update.
import type * as tfType from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Tf } from './kernelUtil';
import { simdKernelsFor } from './simdKernels';

type Gradients = tfType.NamedTensorMap | { name: string; tensor: tfType.Tensor }[];

/** The parts of tfjs's AdamOptimizer the update uses that its typings keep protected. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tfType.Variable;
  accBeta2: tfType.Variable;
  accumulatedFirstMoment: ({ variable: tfType.Variable } | undefined)[];
  accumulatedSecondMoment: ({ variable: tfType.Variable } | undefined)[];
  incrementIterations(): void;
  applyGradients(grads: Gradients): void;
}

const installed = new WeakSet<object>();

/** Steps run fused and by tfjs's own update since start-up (for tests and the profiler). */
export const fusedAdamStats = { fused: 0, stock: 0 };

/** Wraps tfjs's Adam once per tfjs instance; a no-op afterwards. */
export function installFusedAdam(tf: Tf): void {
  const proto = tf.AdamOptimizer.prototype as unknown as AdamInternals;
  if (installed.has(proto)) return;
  installed.add(proto);
  const original = proto.applyGradients;
  proto.applyGradients = function applyGradients(this: AdamInternals, grads: Gradients): void {
    if (fusedStep(tf, this, grads)) {
      fusedAdamStats.fused++;
    } else {
      fusedAdamStats.stock++;
      original.call(this, grads);
    }
  };
}

/** One fused Adam step, or false (nothing changed) where tfjs's own must run. */
function fusedStep(tf: Tf, opt: AdamInternals, grads: Gradients): boolean {
  if (tf.getBackend() !== 'wasm') return false;
  const backend = tf.backend() as BackendWasm;
  const simd = simdKernelsFor(backend);
  if (!simd) return false;
  const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
  const variables = tf.engine().registeredVariables;
  // The backend counts every tensor on a buffer (clone(), reshape and the like add a reference).
  const only = (t: tfType.Tensor) => t.dtype === 'float32' && backend.refCount(t.dataId) === 1;
  const work: { w: tfType.Variable; g: tfType.Tensor; m: tfType.Variable; v: tfType.Variable }[] = [];
  for (let i = 0; i < names.length; i++) {
    const w = variables[names[i]];
    const g = Array.isArray(grads) ? grads[i].tensor : grads[names[i]];
    const m = opt.accumulatedFirstMoment[i]?.variable;
    const v = opt.accumulatedSecondMoment[i]?.variable;
    if (!w || !g || !m || !v || g.dtype !== 'float32' || w.dtype !== 'float32' || !only(m) || !only(v)) return false;
    if (g.size !== w.size || m.size !== w.size || v.size !== w.size) return false;
    work.push({ w, g, m, v });
  }
  // As tfjs computes them: float32 scalars, 1 − β^t subtracted in float32.
  const c1 = Math.fround(1 - opt.accBeta1.dataSync()[0]);
  const c2 = Math.fround(1 - opt.accBeta2.dataSync()[0]);
  const at = (t: tfType.Tensor) => backend.getMemoryOffset(t.dataId);
  tf.tidy(() => {
    for (const { w, g, m, v } of work) {
      const out = backend.makeOutput(w.shape, 'float32');
      simd.adamUpdate(at(w), backend.getMemoryOffset(out.dataId), at(g), at(m), at(v), w.size, opt.beta1, 1 - opt.beta1, opt.beta2, 1 - opt.beta2, c1, c2, opt.epsilon, -opt.learningRate);
      // The new buffer becomes the weight's; the tensor wrapping it goes with the tidy.
      w.assign(tf.engine().makeTensorFromTensorInfo(out, backend));
    }
    opt.accBeta1.assign(tf.mul(opt.accBeta1, opt.beta1));
    opt.accBeta2.assign(tf.mul(opt.accBeta2, opt.beta2));
  });
  opt.incrementIterations();
  return true;
}
