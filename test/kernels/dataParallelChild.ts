// Run as a child process by dataParallel.test.ts (data-parallel on or off through
// DEEPDRILL_DATA_PARALLEL): initialises the wasm backend as the worker does, trains a model
// from fixed weights on fixed data with `fit` (or `fitDataset`), prints one JSON line with the
// final weights, the history, tensor counts and the data-parallel counters, then returns —
// the process must end on its own, replica thread included.
//
//   node --import tsx test/kernels/dataParallelChild.ts cnn|mlp|custom|batchnorm fit|fitDataset [STEPS]
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../extension/worker/backend';
import { dataParallelReady, dataParallelStats } from '../../extension/worker/dataParallel';
import { seedCnn } from '../../extension/worker/kernels/profile';
import { seeded } from './kernelTestUtil';

const BATCH = 32;

type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;
/** tfjs's L1L2 class (only instances of tfjs's Regularizer class are taken as regularisers). */
const L1L2 = tf.regularizers.l1l2({ l2: 0 }).constructor as new (config?: object) => Regularizer;

/** A regulariser class registered in this thread only: the replica cannot rebuild a model using it. */
class HalfL2 extends L1L2 {
  static className = 'HalfL2';
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => tf.mul(0.005, tf.sum(tf.square(x))));
  }
  getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}

function makeModel(kind: string): tf.LayersModel {
  if (kind === 'cnn') return seedCnn(tf);
  if (kind === 'unregistered') {
    tf.serialization.registerClass(HalfL2 as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
    const model = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [28, 28, 1] }),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelRegularizer: new HalfL2() }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return model;
  }
  if (kind === 'twoOutputs') {
    // A functional model with two heads, one loss each: the total loss is their sum.
    const input = tf.input({ shape: [28, 28, 1] });
    const hidden = tf.layers.dense({ units: 16, activation: 'tanh' }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
    const digit = tf.layers.dense({ units: 10, activation: 'softmax', name: 'digit' }).apply(hidden) as tf.SymbolicTensor;
    const value = tf.layers.dense({ units: 1, name: 'value' }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: [digit, value] });
    model.compile({ optimizer: tf.train.adam(0.01), loss: ['categoricalCrossentropy', 'meanSquaredError'], metrics: ['accuracy'] });
    return model;
  }
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 16, activation: 'relu', kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }) }),
      ...(kind === 'batchnorm' ? [tf.layers.batchNormalization()] : []),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  // A loss given as a function cannot be rebuilt in the replica from its name.
  const loss = kind === 'custom' ? (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) : 'categoricalCrossentropy';
  model.compile({ optimizer: tf.train.adam(0.01), loss, metrics: ['accuracy'] });
  return model;
}

async function main(): Promise<void> {
  const [kind = 'cnn', how = 'fit', stepsArg = '4'] = process.argv.slice(2);
  const steps = Number(stepsArg);
  const init = await initBackend(tf, 'wasm');
  if (!init.ok) throw new Error(init.error.message);
  const model = makeModel(kind);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 100 + i).map((v) => v * 0.1), w.shape)));
  const n = steps * BATCH;
  const x = tf.tensor(seeded(n * 28 * 28, 7).map((v) => Math.max(0, v)), [n, 28, 28, 1]);
  const labels = tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 7) % 10), 'int32');
  const oneHot = tf.oneHot(labels, 10).cast('float32');
  const y = kind === 'cnn' ? labels.cast('float32').reshape([n, 1]) : kind === 'twoOutputs' ? [oneHot, labels.cast('float32').div(10).reshape([n, 1])] : oneHot;
  const dataset = tf.data.zip({ xs: tf.data.array(tf.unstack(x)), ys: tf.data.array(tf.unstack(Array.isArray(y) ? y[0] : y)) }).batch(BATCH);
  const train = (epochs: number) =>
    how === 'fitDataset'
      ? model.fitDataset(dataset, { epochs, verbose: 0 })
      : model.fit(x, y, { batchSize: BATCH, epochs, shuffle: false, verbose: 0, validationSplit: 0.25 });
  if (how === 'alternate') return alternate(model, x, y as tf.Tensor);
  // Without waiting, the first steps would train on one thread while the replica starts.
  const notReady = process.env.DEEPDRILL_DATA_PARALLEL !== '0' ? await dataParallelReady(model) : 'off';
  const history = await train(2);
  // Counted from here: the first fit created Adam's slot variables.
  const afterFirst = tf.memory().numTensors;
  const replicaAfterFirst = dataParallelStats().replicaTensors;
  await train(1);
  const out = {
    detail: init.detail,
    weights: model.weights.map((w) => Array.from(w.read().dataSync())),
    history: history.history,
    leaked: tf.memory().numTensors - afterFirst,
    replicaLeaked: (dataParallelStats().replicaTensors ?? 0) - (replicaAfterFirst ?? 0),
    notReady,
    stats: dataParallelStats(),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  tf.dispose([x, y, labels, oneHot]);
  model.dispose();
}

/** trainOnBatch on two models in turn (as a GAN does): both stay set up in the replica. */
async function alternate(first: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<void> {
  const second = makeModel('mlp');
  second.setWeights(second.getWeights().map((w, i) => tf.tensor(seeded(w.size, 200 + i).map((v) => v * 0.1), w.shape)));
  const parallel = process.env.DEEPDRILL_DATA_PARALLEL !== '0';
  const notReady = parallel ? ((await dataParallelReady(first)) ?? (await dataParallelReady(second))) : 'off';
  const history: Record<string, number[]> = { first: [], second: [] };
  for (let i = 0; i < 4; i++) {
    history.first.push(((await first.trainOnBatch(x, y)) as number[])[0]);
    history.second.push(((await second.trainOnBatch(x, y)) as number[])[0]);
  }
  const out = {
    detail: '',
    weights: [...first.weights, ...second.weights].map((w) => Array.from(w.read().dataSync())),
    history,
    leaked: 0,
    replicaLeaked: 0,
    notReady,
    stats: dataParallelStats(),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
