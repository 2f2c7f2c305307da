import type * as tfTypes from '@tensorflow/tfjs';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Dropout = (x: tfTypes.Tensor, rate: number, training: boolean) => tfTypes.Tensor;

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.compare('inference returns x unchanged', {
      call: 'dropout',
      args: [d.normal([4, 6]), 0.5, false],
      hint: 'When training is false, dropout is the identity: return x (inverted dropout already scaled at training time).',
    }),
    d.compare('rate 0 keeps everything', {
      call: 'dropout',
      args: [d.normal([3, 5]), 0, true],
      hint: 'With rate 0 nothing is dropped and the scale 1 / (1 − 0) is 1.',
    }),
    d.custom('kept values are scaled by 1 / (1 − rate)', {
      hint: 'Multiply by the 0/1 mask, then divide by (1 − rate): with rate 0.3 every kept 1 becomes 1 / 0.7 ≈ 1.4286.',
      run: ({ tf, submission }) => {
        const y = (submission.dropout as Dropout)(tf.ones([100, 100]), 0.3, true);
        const values = Array.from(y.dataSync());
        const odd = values.find((v) => Math.abs(v) > 1e-6 && Math.abs(v - 1 / 0.7) > 1e-4);
        return odd === undefined
          ? { passed: true, message: 'every value is 0 or 1 / (1 − rate)' }
          : { passed: false, message: `dropout(ones, 0.3, true) contains ${odd}; every value should be 0 or ${1 / 0.7}`, input: 'x = ones [100, 100], rate = 0.3, training = true' };
      },
    }),
    d.custom('drops about a fraction rate of the values', {
      hint: 'Keep an element when a uniform random number in [0, 1) is ≥ rate, so that it is dropped with probability rate.',
      run: ({ tf, submission }) => {
        const y = (submission.dropout as Dropout)(tf.ones([200, 200]), 0.3, true);
        const values = y.dataSync();
        const dropped = values.filter((v) => v === 0).length / values.length;
        const ok = Math.abs(dropped - 0.3) < 0.03;
        return ok
          ? { passed: true, message: `drops ${(dropped * 100).toFixed(1)} % with rate 0.3` }
          : { passed: false, message: `dropout(ones, 0.3, true) dropped ${(dropped * 100).toFixed(1)} % of 40000 values; expected about 30 %`, input: 'x = ones [200, 200], rate = 0.3, training = true', expected: '≈ 30 % zeros', actual: `${(dropped * 100).toFixed(1)} % zeros` };
      },
    }),
    d.custom('keeps the mean of the activations', {
      hint: 'Inverted dropout keeps the expected value: mean(dropout(x)) ≈ mean(x). Dividing by rate instead of (1 − rate), or not scaling at all, changes it.',
      run: ({ tf, submission }) => {
        const y = (submission.dropout as Dropout)(tf.fill([200, 200], 2), 0.6, true);
        const mean = tf.mean(y).dataSync()[0];
        return Math.abs(mean - 2) < 0.1
          ? { passed: true, message: `the mean stays at ${mean.toFixed(3)}` }
          : { passed: false, message: `the mean of dropout(2s, 0.6, true) is ${mean.toFixed(3)}; expected about 2`, input: 'x = 2 everywhere [200, 200], rate = 0.6, training = true', expected: '≈ 2', actual: mean.toFixed(4) };
      },
    }),
    d.custom('draws a new mask on every call', {
      hint: 'Draw the mask inside the function on every call (tf.randomUniform without a fixed seed), not once for all calls.',
      run: ({ tf, submission }) => {
        const x = tf.ones([20, 20]);
        const a = (submission.dropout as Dropout)(x, 0.5, true).dataSync();
        const b = (submission.dropout as Dropout)(x, 0.5, true).dataSync();
        const same = a.every((v, i) => v === b[i]);
        return same ? { passed: false, message: 'two calls dropped exactly the same elements' } : { passed: true, message: 'two calls drop different elements' };
      },
    }),
    d.forbid('builds dropout itself', {
      pattern: /\btf\s*\.\s*(dropout|layers)\b/,
      what: 'tf.dropout or tf.layers',
      hint: 'Build the mask with tf.randomUniform and tf.greaterEqual, then tf.mul and tf.div.',
    }),
  ];
}
