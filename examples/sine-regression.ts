// Regression: learn y = sin(x) from noisy samples.
//
// The output is a number, not a class, so the last layer has no activation and the loss is
// the mean squared error. A plain script with top-level await.
import * as tf from '@tensorflow/tfjs';
import { sine } from 'deepdrill';

// 500 points with x uniform in [-π, π] and y = sin(x) plus a little Gaussian noise; both
// shaped [n, 1]. The points come shuffled, so the validation split below is a random 20 %.
const { xTrain, yTrain } = await sine({ samples: 500, noise: 0.1 });

const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [1], units: 32, activation: 'tanh' }),
    tf.layers.dense({ units: 32, activation: 'tanh' }),
    tf.layers.dense({ units: 1 }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });

// validationSplit holds out the last 20 % of the samples: watch val_loss next to loss. It
// cannot drop much below 0.01, the variance of the noise (0.1²) that no model can predict.
await model.fit(xTrain, yTrain, { epochs: 100, batchSize: 32, validationSplit: 0.2 });

tf.dispose([xTrain, yTrain]);
