// MaxPool over disjoint 2×2 windows and the bias Add in DeepDrill's SIMD kernels
// (extension/worker/kernels/pool2x2.ts): the same values as the cpu backend, and every other
// shape of Add still right through the stock kernel.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertSameOnWasmAndCpu, describeEachSimdBuild, randomTensor, runOn, tf, tiedPoolInput } from './kernelTestUtil';

describeEachSimdBuild('MaxPool 2×2 and the bias Add on wasm match the cpu backend', () => {
  it('max pooling keeps the cpu maximum: ties, −∞, and NaN that never wins (a window of −∞ and NaN gives −∞)', async () => {
    const f = () => tf.maxPool(tiedPoolInput(), 2, 2, 'valid');
    const [wasm] = await runOn('wasm', f);
    const [cpu] = await runOn('cpu', f);
    assert.deepEqual(Array.from(cpu.values).filter((_, i) => i % 4 === 0), [3, 1, 5, -Infinity]);
    assert.deepEqual(Array.from(wasm.values), Array.from(cpu.values));
  });

  for (const [shape, pad] of [
    [[3, 9, 7, 8], 'valid'],
    [[2, 26, 26, 32], 'valid'],
    // 'same' over odd sizes pads the last row and column: not disjoint windows, the stock kernel.
    [[2, 9, 7, 8], 'same'],
  ] as const) {
    it(`max pooling and its gradient over ${shape.join('×')}, ${pad} (odd sizes drop the last row and column when valid)`, async () => {
      await assertSameOnWasmAndCpu(`${shape.join('×')} ${pad}`, () => {
        const x = randomTensor([...shape], 40);
        const f = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, 2, 2, pad);
        return [f(x), tf.grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), randomTensor(f(x).shape, 41))))(x)];
      }, 0);
    });
  }

  for (const [a, b] of [
    [[2, 5, 5, 8], [8]],
    [[64, 11, 11, 64], [64]],
    [[3, 4], [4]],
    // Not a bias of 4·k channels, a bias in front, equal shapes, broadcasting both ways: stock.
    [[2, 3], [3]],
    [[8], [2, 8]],
    [[2, 4], [2, 4]],
    [[2, 1, 4], [3, 1]],
  ]) {
    it(`Add [${a}] + [${b}] and its gradients`, async () => {
      await assertSameOnWasmAndCpu(`${a} + ${b}`, () => {
        const x = randomTensor(a, 42);
        const y = randomTensor(b, 43);
        const out = tf.add(x, y);
        const r = randomTensor(out.shape, 44);
        return [out, ...tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.add(p, q), r)))([x, y])];
      }, 1e-6); // the broadcast operand's gradient is a sum, in another order than cpu's
      // The sums themselves are the same float additions: equal bit for bit.
      const f = () => tf.add(randomTensor(a, 42), randomTensor(b, 43));
      const [[wasm], [cpu]] = [await runOn('wasm', f), await runOn('cpu', f)];
      assert.deepEqual(wasm.values, cpu.values);
    });
  }
});
