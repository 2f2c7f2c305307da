// Classify iris flowers into three species from four measurements.
//
// This file is a MODULE: it only says what to train, and DeepDrill does the training. It
// exports a model factory, the data and the fit options; there is no fit call here.
import * as tf from '@tensorflow/tfjs';
import { iris } from 'deepdrill';

// A factory, not a model built at import time: every run starts from fresh weights.
export function createModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      // Inputs: sepal length, sepal width, petal length, petal width (cm).
      tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }),
      // One probability per species: setosa, versicolor, virginica.
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  // Labels are species indices 0–2, hence the "sparse" cross-entropy.
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

// 120 flowers to train on and 30 to test on (10 per species); the same seed gives the same
// split every run, so runs are comparable in the metrics panel. DeepDrill validates on the
// test set after each epoch.
export const data = () => iris({ testFraction: 0.2, seed: 42 });

export const fitOptions = { epochs: 100, batchSize: 16 };
