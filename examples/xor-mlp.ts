// The XOR problem: output 1 when exactly one of the two inputs is 1.
//
// No straight line separates XOR's two classes, so a model without a hidden layer cannot
// learn it; one small hidden layer can. A plain script with its work inside
// `async function run()`, as in many TensorFlow.js tutorials.
import * as tf from '@tensorflow/tfjs';
import { xor } from 'deepdrill';

async function run() {
  // The four corners [0,0], [0,1], [1,0], [1,1] with labels [0, 1, 1, 0], shaped [4, 2] and [4, 1].
  const { xTrain, yTrain } = await xor();

  const model = tf.sequential({
    layers: [
      // tanh gives the hidden units both signs, which is what XOR needs; 8 units learn it reliably.
      tf.layers.dense({ inputShape: [2], units: 8, activation: 'tanh' }),
      // One sigmoid unit: the probability that the output is 1.
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });

  // With only 4 samples every epoch is a single step, so a large learning rate is fine.
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });

  await model.fit(xTrain, yTrain, { epochs: 200, batchSize: 4 });

  // Predictions should now be close to 0, 1, 1, 0.
  const predictions = model.predict(xTrain) as tf.Tensor;
  predictions.print();

  tf.dispose([xTrain, yTrain, predictions]);
}

run();
