import * as tf from '@tensorflow/tfjs';

export function createModel(): tf.LayersModel {
  const model = tf.sequential();
  // Two rounds of "find local patterns, then halve the resolution": 28 → 26 → 13 → 11 → 5.
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

export async function trainModel(model: tf.LayersModel, xTrain: tf.Tensor4D, yTrain: tf.Tensor1D): Promise<unknown> {
  // Small batches mean more updates per epoch: two epochs are enough for this model.
  return model.fit(xTrain, yTrain, { epochs: 2, batchSize: 32, shuffle: true });
}
