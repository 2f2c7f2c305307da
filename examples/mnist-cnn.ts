// A convolutional network for handwritten digits, trained on the real MNIST set.
//
// This is a plain script: it builds a model and calls model.fit() itself, like a Keras
// tutorial. Run "DeepDrill: Train Current Model" and DeepDrill streams every epoch to the
// metrics panel; you do not need to add callbacks.
import * as tf from '@tensorflow/tfjs';
import { mnist } from 'deepdrill';

// All 60 000 training and 10 000 test images: 28×28 grey pixels in [0, 1], shaped
// [n, 28, 28, 1], labels as digit indices 0–9 (shaped [n]). The data ships with DeepDrill;
// nothing is downloaded. For quick experiments pass e.g. { trainSize: 5000 }.
const { xTrain, yTrain, xTest, yTest } = await mnist();

// Two rounds of "look for small patterns, then shrink the image": the first conv layer finds
// strokes and edges, the second combines them into parts of digits. Max-pooling halves the
// resolution each time (28 → 26 → 13 → 11 → 5), so the dense layer at the end only has to
// decide between 10 digits from 5×5×64 features.
const model = tf.sequential();
model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
model.add(tf.layers.flatten());
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));

// The labels are class indices, not one-hot vectors, hence the "sparse" cross-entropy.
// Adam's default learning rate (0.001, what optimizer: 'adam' gives) lands right around 98 %
// after one epoch; 0.003 learns faster and gets there with a margin.
model.compile({ optimizer: tf.train.adam(0.003), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

// Validating on the test set means the val_acc you see after each epoch IS the test
// accuracy. One epoch is enough to pass 98 %.
await model.fit(xTrain, yTrain, {
  epochs: 1,
  batchSize: 64,
  validationData: [xTest!, yTest!],
});

tf.dispose([xTrain, yTrain, xTest!, yTest!]);
