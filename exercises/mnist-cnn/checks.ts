import type * as tfTypes from '@tensorflow/tfjs';
import { mnist } from 'deepdrill';
import type { CheckDsl, DrillCheck } from '../../extension/shared/drillChecks';

type Create = () => tfTypes.LayersModel;
type Train = (model: tfTypes.LayersModel, x: tfTypes.Tensor4D, y: tfTypes.Tensor1D) => Promise<unknown>;

const TARGET = 0.97;

export function checks(d: CheckDsl): DrillCheck[] {
  return [
    d.custom('createModel builds a compiled model for 28×28×1 images and 10 classes', {
      timeLimitMs: 10000,
      hint: 'Give the first layer inputShape: [28, 28, 1], end with tf.layers.dense({ units: 10, activation: "softmax" }), and call model.compile({ optimizer, loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] }) before returning it.',
      run: ({ tf, submission, show }) => {
        const model = (submission.createModel as Create)();
        if (!(model instanceof tf.LayersModel)) return { passed: false, message: 'createModel did not return a tf.LayersModel (e.g. tf.sequential())' };
        const input = model.inputs[0]?.shape;
        if (JSON.stringify(input) !== JSON.stringify([null, 28, 28, 1])) {
          return { passed: false, message: `the model's input shape is ${JSON.stringify(input)}`, expected: '[null, 28, 28, 1]', actual: JSON.stringify(input) };
        }
        if (!model.optimizer) return { passed: false, message: 'the model is not compiled: call model.compile(…) in createModel' };
        const probs = model.predict(tf.zeros([2, 28, 28, 1])) as tfTypes.Tensor;
        if (JSON.stringify(probs.shape) !== JSON.stringify([2, 10])) {
          return { passed: false, message: `for 2 images the model outputs shape ${JSON.stringify(probs.shape)}`, expected: '[2, 10]', actual: JSON.stringify(probs.shape) };
        }
        const sums = tf.sum(probs, -1);
        const ok = Array.from(sums.dataSync()).every((s) => Math.abs(s - 1) < 1e-3);
        return ok
          ? { passed: true, message: `${model.countParams()} parameters, compiled` }
          : { passed: false, message: 'the outputs are not probabilities (rows do not sum to 1): end with a softmax', actual: show(probs) };
      },
    }),
    d.custom('it is a convolutional network', {
      timeLimitMs: 10000,
      hint: 'Use at least one tf.layers.conv2d: convolutions share weights across the image, which is what makes a small network good at images.',
      run: ({ submission }) => {
        const layers = (submission.createModel as Create)().layers.map((l) => l.getClassName());
        return layers.includes('Conv2D')
          ? { passed: true, message: layers.join(' → ') }
          : { passed: false, message: `the model has no Conv2D layer: ${layers.join(' → ')}` };
      },
    }),
    d.custom('reaches 97 % test accuracy within its time budget', {
      timeLimitMs: 150000,
      hint: 'Within 150 s on WebAssembly: a small CNN (two conv2d + maxPooling2d blocks of 16 and 32 filters) with Adam at 0.003 gets there in 2 epochs of batch size 32. Too slow? Fewer filters or epochs. Not accurate enough? A higher learning rate, one more epoch, or a second conv block.',
      run: async ({ tf, submission }) => {
        const data = await mnist({ trainSize: 20000, testSize: 10000 });
        const model = (submission.createModel as Create)();
        const started = Date.now();
        await (submission.trainModel as Train)(model, data.xTrain as tfTypes.Tensor4D, data.yTrain as tfTypes.Tensor1D);
        const seconds = (Date.now() - started) / 1000;
        const accuracy = tf.tidy(() => {
          const predicted = tf.argMax(model.predict(data.xTest!, { batchSize: 500 }) as tfTypes.Tensor, -1);
          return tf.mean(tf.cast(tf.equal(predicted, tf.cast(data.yTest!, 'int32')), 'float32')).dataSync()[0];
        });
        const percent = `${(accuracy * 100).toFixed(2)} %`;
        return accuracy >= TARGET
          ? { passed: true, message: `${percent} on the 10 000 test images after ${seconds.toFixed(0)} s of training` }
          : {
              passed: false,
              message: `${percent} on the 10 000 test images after ${seconds.toFixed(0)} s of training; the target is 97 %`,
              expected: '≥ 97 %',
              actual: percent,
            };
      },
    }),
  ];
}
