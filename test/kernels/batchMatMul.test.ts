import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertSameOnWasmAndCpu, describeEachSimdBuild, randomTensor, runOn, tf } from './kernelTestUtil';

// [m, k, n] of C = A·B: the seed CNN's dense-layer gradients (m or n = 10 against 1600), an
// output of one row or one column, sides just past the SIMD blocks (17, 19: 16 + 1 and 16 + 3),
// a side of exactly 16, a short inner side only, and one product with every side past the
// skinny limit (the stock kernel's).
const SHAPES: [number, number, number][] = [
  [64, 10, 1600],
  [1600, 64, 10],
  [1, 4, 20],
  [20, 3, 1],
  [17, 33, 19],
  [5, 7, 3],
  [16, 9, 40],
  [24, 8, 24],
  [24, 20, 24],
];

describeEachSimdBuild('BatchMatMul on wasm matches the cpu backend', () => {
  for (const [m, k, n] of SHAPES) {
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`[${m}×${k}]·[${k}×${n}], transposeA ${ta}, transposeB ${tb}, with its gradients`, async () => {
        await assertSameOnWasmAndCpu(`${m}×${k}×${n} ${ta} ${tb}`, () => {
          const a = randomTensor(ta ? [k, m] : [m, k], 1) as tf.Tensor2D;
          const b = randomTensor(tb ? [n, k] : [k, n], 2) as tf.Tensor2D;
          const c = tf.matMul(a, b, ta, tb);
          const r = randomTensor(c.shape, 3);
          // The gradients are products with the other transposes: every branch of the kernel.
          const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, ta, tb), r)))([a, b]);
          return [c, da, db];
        });
      });
    }
  }

  it('batches of more than one product keep the stock kernel, with the same results', async () => {
    await assertSameOnWasmAndCpu('batched', () => tf.matMul(randomTensor([3, 4, 5], 4) as tf.Tensor3D, randomTensor([3, 5, 2], 5) as tf.Tensor3D));
  });

  it('a dense layer with 10 units learns the same on wasm as on cpu for a few steps', async () => {
    const train = async (backend: 'wasm' | 'cpu') => {
      const [loss] = await runOn(backend, () => {
        const x = randomTensor([32, 40], 6);
        const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10), 'int32'), 10);
        const w = tf.variable(randomTensor([40, 10], 7).mul(0.1));
        const opt = tf.train.sgd(0.5);
        let last = tf.scalar(0);
        for (let step = 0; step < 5; step++) {
          last.dispose();
          last = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, tf.matMul(x, w)), true) as tf.Scalar;
        }
        const out = last.clone();
        tf.dispose([last, w, x, labels]);
        opt.dispose();
        return out;
      });
      return loss.values[0];
    };
    const [wasm, cpu] = [await train('wasm'), await train('cpu')];
    assert.ok(Math.abs(wasm - cpu) < 1e-4, `loss after 5 steps: wasm ${wasm}, cpu ${cpu}`);
  });
});
