// The language server's static model analysis against tfjs itself: each model is analysed from
// its source and also built by real tfjs from the same source, and the output shapes and
// parameter counts must be the ones tfjs's model.summary() prints. Then each diagnostic on a
// small file, at its line, and none on the examples (a false alarm is a bug).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { analyzeSource, type FindingCode } from '../../extension/shared/modelAnalysis';

const IMPORT = "import * as tf from '@tensorflow/tfjs';\n";

/** Plain JS bodies of `function build() { … }`, run by tfjs and analysed from source alike. */
const MODELS: Record<string, string> = {
  'the seed CNN': `
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return model;`,
  'an MLP with constants, dropout and batch normalization': `
    const SIDE = 28;
    const HIDDEN = 128;
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [SIDE * SIDE], units: HIDDEN, activation: 'relu' }),
        tf.layers.batchNormalization(),
        tf.layers.dropout({ rate: 0.2 }),
        tf.layers.dense({ units: HIDDEN / 2, useBias: false }),
        tf.layers.activation({ activation: 'relu' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    return model;`,
  'a functional model with a branch and a concatenate': `
    const input = tf.input({ shape: [32, 32, 3] });
    const a = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input);
    const b = tf.layers.conv2d({ filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }).apply(input);
    let x = tf.layers.concatenate().apply([a, b]);
    x = tf.layers.maxPooling2d({ poolSize: [2, 2], strides: 2 }).apply(x);
    x = tf.layers.globalAveragePooling2d({}).apply(x);
    const output = tf.layers.dense({ units: 5, activation: 'softmax' }).apply(x);
    return tf.model({ inputs: input, outputs: output });`,
  'a residual block with add and a shared layer': `
    const input = tf.input({ shape: [20] });
    const h = tf.layers.dense({ units: 20, activation: 'relu' }).apply(input);
    const shared = tf.layers.dense({ units: 20 });
    const s1 = shared.apply(h);
    const s2 = shared.apply(s1);
    const sum = tf.layers.add().apply([input, s2]);
    const out = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(sum);
    return tf.model({ inputs: input, outputs: out });`,
  'embedding and recurrent layers': `
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 1000, outputDim: 16, inputLength: 20 }));
    model.add(tf.layers.lstm({ units: 32, returnSequences: true }));
    model.add(tf.layers.gru({ units: 16, returnSequences: true }));
    model.add(tf.layers.simpleRNN({ units: 8 }));
    model.add(tf.layers.repeatVector({ n: 3 }));
    model.add(tf.layers.conv1d({ filters: 4, kernelSize: 2, padding: 'causal' }));
    model.add(tf.layers.globalMaxPooling1d({}));
    model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    return model;`,
  'strided, depthwise, separable and transposed convolutions': `
    const model = tf.sequential();
    model.add(tf.layers.zeroPadding2d({ inputShape: [30, 30, 3], padding: 1 }));
    model.add(tf.layers.conv2d({ filters: 8, kernelSize: [3, 5], strides: 2, padding: 'same' }));
    model.add(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }));
    model.add(tf.layers.separableConv2d({ filters: 12, kernelSize: 3, padding: 'same' }));
    model.add(tf.layers.averagePooling2d({ poolSize: 3, strides: 1 }));
    model.add(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2 }));
    model.add(tf.layers.upSampling2d({ size: [2, 1] }));
    model.add(tf.layers.reshape({ targetShape: [-1, 4] }));
    model.add(tf.layers.layerNormalization());
    model.add(tf.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2 }));
    model.add(tf.layers.maxPooling1d({ poolSize: 2 }));
    model.add(tf.layers.dense({ units: 2 }));
    return model;`,
};

/** Layers as [class, output shape, params], in a stable order (tfjs lists functional layers by depth). */
function rows(layers: { className: string; shape: unknown; params: number }[]): string[] {
  return layers.map((l) => JSON.stringify([l.className, l.shape, l.params])).sort();
}

describe('shapes and parameter counts match tfjs', () => {
  for (const [title, body] of Object.entries(MODELS)) {
    it(title, () => {
      const model = new Function('tf', body)(tf) as tf.LayersModel;
      try {
        const expected = rows(
          model.layers
            .filter((l) => l.getClassName() !== 'InputLayer')
            .map((l) => ({ className: l.getClassName(), shape: l.outputShape, params: l.countParams() })),
        );
        const analysis = analyzeSource('model.ts', `${IMPORT}export function build() {${body}\n}\n`);
        assert.deepEqual(analysis.findings, []);
        assert.equal(analysis.models.length, 1);
        const found = analysis.models[0]!;
        assert.equal(found.paramsKnown, true);
        const actual = rows(found.layers.map((l) => ({ className: l.summary.className, shape: l.outputShape, params: l.summary.params })));
        assert.deepEqual(actual, expected);
        assert.equal(found.summary.totals.params, model.countParams());
        const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
        assert.equal(found.summary.totals.trainableParams, trainable);
      } finally {
        model.dispose();
      }
    });
  }

  it('gives each layer the line of its call, and the model the line of tf.sequential', () => {
    const analysis = analyzeSource('model.ts', `${IMPORT}export function build() {${MODELS['the seed CNN']}\n}\n`);
    const model = analysis.models[0]!;
    assert.equal(model.summary.line, 3);
    assert.deepEqual(model.summary.layers.map((l) => l.line), [4, 5, 6, 7, 8, 9]);
  });

  it('follows named imports and require', () => {
    const named = `import { layers, sequential } from '@tensorflow/tfjs';
const m = sequential({ layers: [layers.dense({ inputShape: [3], units: 4 }), layers.dense({ units: 2 })] });`;
    assert.equal(analyzeSource('a.ts', named).models[0]?.summary.totals.params, 16 + 10);
    const required = `const tf = require('@tensorflow/tfjs-node');
const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [3], units: 4 }));`;
    assert.equal(analyzeSource('a.js', required).models[0]?.summary.totals.params, 16);
  });

  it('leaves shapes unknown where the source does not say them, without guessing', () => {
    const src = `${IMPORT}export function build(units: number, shape: number[]) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: shape, units: 8 }));
  model.add(tf.layers.dense({ units }));
  model.add(tf.layers.conv2d({ filters: 2, kernelSize: 3 }));
  return model;
}`;
    const analysis = analyzeSource('model.ts', src);
    assert.deepEqual(analysis.findings, []);
    const model = analysis.models[0]!;
    assert.equal(model.paramsKnown, false);
    assert.deepEqual(model.layers.map((l) => l.outputShape), [null, null, null]);
  });
});

/** The one finding a file raises: its code and 1-based line. */
function findings(src: string): [FindingCode, number][] {
  return analyzeSource('model.ts', src).findings.map((f) => [f.code, src.slice(0, f.start).split('\n').length]);
}

describe('diagnostics', () => {
  const cases: [string, string, [FindingCode, number][]][] = [
    ['a conv2d on a flat input', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [784], units: 64 }));
m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));`, [['input-rank', 4]]],
    ['a flatten of a flat input', `${IMPORT}const m = tf.sequential({ layers: [
  tf.layers.dense({ inputShape: [4], units: 3 }),
  tf.layers.flatten(),
] });`, [['input-rank', 4]]],
    ['an LSTM on a flat input', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [10], units: 8 }));
m.add(tf.layers.lstm({ units: 4 }));`, [['input-rank', 4]]],
    ['a pool that leaves nothing', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 5 }));
m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
m.add(tf.layers.conv2d({ filters: 4, kernelSize: 3 }));`, [['nonpositive-dim', 5]]],
    ['a reshape to the wrong size', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.reshape({ inputShape: [784], targetShape: [28, 27, 1] }));`, [['reshape-size', 3]]],
    ['a concatenate of mismatched shapes', `${IMPORT}const a = tf.input({ shape: [4, 5] });
const b = tf.input({ shape: [3, 6] });
const c = tf.layers.concatenate().apply([a, b]);`, [['merge-shape', 4]]],
    ['an add of different widths', `${IMPORT}const x = tf.input({ shape: [8] });
const a = tf.layers.dense({ units: 4 }).apply(x);
const b = tf.layers.dense({ units: 3 }).apply(x);
const s = tf.layers.add().apply([a, b]);`, [['merge-shape', 5]]],
    ['a first layer without inputShape', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ units: 8, activation: 'relu' }));
m.add(tf.layers.dense({ units: 1 }));`, [['missing-input-shape', 3]]],
    ['softmax with binary cross-entropy', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [2], units: 8, activation: 'relu' }));
m.add(tf.layers.dense({ units: 1, activation: 'softmax' }));
m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });`, [['activation-loss', 4]]],
    ['sigmoid with categorical cross-entropy, through a dropout', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'sigmoid' }));
m.add(tf.layers.dropout({ rate: 0.1 }));
m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });`, [['activation-loss', 3]]],
    ['a probability loss fed by a layer with no activation', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [4], units: 3 }));
m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });`, [['activation-loss', 3]]],
    ['a single-unit softmax', `${IMPORT}const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [4], units: 1, activation: 'softmax' }));
m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });`, [['softmax-one-unit', 3]]],
    ['too few units for MNIST', `${IMPORT}import { mnist } from 'deepdrill';
const { xTrain, yTrain } = await mnist({ flatten: true });
const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [784], units: 8, activation: 'softmax' }));
m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
await m.fit(xTrain, yTrain);`, [['units-labels', 5]]],
    ['units that differ from tf.oneHot depth', `${IMPORT}const labels = tf.oneHot(tf.tensor1d([0, 1, 2], 'int32'), 3);
const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [4], units: 4, activation: 'softmax' }));
m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });`, [['units-labels', 4]]],
    ['index labels with categorical cross-entropy', `${IMPORT}import { iris } from 'deepdrill';
const data = await iris();
const m = tf.sequential();
m.add(tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' }));
m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });`, [['label-format', 6]]],
    ['fit before compile', `${IMPORT}async function run(x: tf.Tensor, y: tf.Tensor) {
  const m = tf.sequential();
  m.add(tf.layers.dense({ inputShape: [4], units: 1 }));
  await m.fit(x, y, { epochs: 1 });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
}`, [['fit-before-compile', 5]]],
  ];
  for (const [title, src, expected] of cases) {
    it(title, () => assert.deepEqual(findings(src), expected));
  }

  it('says what is wrong and how to fix it', () => {
    const [f] = analyzeSource('m.ts', cases[0]![1]).findings;
    assert.match(f!.message, /conv2d expects a 4-D input \[batch, height, width, channels\] but gets \[null, 64\]/);
    assert.match(f!.message, /inputShape: \[28, 28, 1\]|reshape/);
  });

  it('raises nothing where layers are added out of sight', () => {
    const src = `${IMPORT}function addBlock(m: tf.Sequential) { m.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 })); }
const m = tf.sequential();
addBlock(m);
m.add(tf.layers.flatten());
for (let i = 0; i < 3; i++) m.add(tf.layers.dense({ units: 4 }));
m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
await m.fit(tf.zeros([1, 8, 8, 1]), tf.zeros([1, 1]));`;
    assert.deepEqual(findings(src), []);
  });

  it('raises nothing when compile comes first in another function or a branch', () => {
    const src = `${IMPORT}const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
if (Math.random() > 2) m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
await m.fit(tf.zeros([1, 2]), tf.zeros([1, 1]));`;
    assert.deepEqual(findings(src), []);
  });

  const examples = join(__dirname, '..', '..', 'examples');
  for (const name of readdirSync(examples).filter((f) => f.endsWith('.ts'))) {
    it(`raises nothing on examples/${name}`, () => {
      const analysis = analyzeSource(name, readFileSync(join(examples, name), 'utf8'));
      assert.equal(analysis.usesTfjs, true);
      assert.ok(analysis.models.length >= 1);
      assert.deepEqual(analysis.findings, []);
    });
  }
});
