// A functional model with a branch: the same four iris measurements go through a wide, shallow
// path and a deeper, normalised one, and the two are joined before the classifier.
//
// Layers that are not a straight stack need the functional API: tf.input() makes a symbolic
// input, each layer's apply() connects it, and tf.model() ties inputs to outputs. Run
// "DeepDrill: Show Model Architecture" to see the branch drawn, with every tensor's shape; it
// builds the model without training it. "DeepDrill: Train Current Model" trains it.
import * as tf from '@tensorflow/tfjs';
import { iris } from 'deepdrill';

// 120 flowers to train on, 30 to test on; labels are species indices 0–2.
const { xTrain, yTrain, xTest, yTest } = await iris({ testFraction: 0.2, seed: 42 });

const measurements = tf.input({ shape: [4], name: 'measurements' });
// The wide path: one layer, straight from the measurements.
const wide = tf.layers.dense({ units: 8, activation: 'relu', name: 'wide' }).apply(measurements) as tf.SymbolicTensor;
// The deep path: two layers with batch normalisation between them.
const deep1 = tf.layers.dense({ units: 16, activation: 'relu', name: 'deep1' }).apply(measurements) as tf.SymbolicTensor;
const normalised = tf.layers.batchNormalization({ name: 'norm' }).apply(deep1) as tf.SymbolicTensor;
const deep2 = tf.layers.dense({ units: 8, activation: 'relu', name: 'deep2' }).apply(normalised) as tf.SymbolicTensor;
// Both paths side by side: [batch, 8] and [batch, 8] become [batch, 16].
const joined = tf.layers.concatenate({ name: 'joined' }).apply([wide, deep2]) as tf.SymbolicTensor;
const species = tf.layers.dense({ units: 3, activation: 'softmax', name: 'species' }).apply(joined) as tf.SymbolicTensor;
const model = tf.model({ inputs: measurements, outputs: species, name: 'iris_branch' });

model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
model.summary();

await model.fit(xTrain, yTrain, { epochs: 60, batchSize: 16, validationData: [xTest!, yTest!] });

tf.dispose([xTrain, yTrain, xTest!, yTest!]);
