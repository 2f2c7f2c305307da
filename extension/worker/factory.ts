// Trains a module-shaped file: one that exports a model factory instead of calling fit itself.
//
// The contract (examples and docs are written to it):
// - the model: export `createModel`, `buildModel`, `getModel` or `default` — an (async) function returning a
//   tf.LayersModel — or `model`, a tf.LayersModel;
// - optional `data`: a Dataset ({ xTrain, yTrain, xTest?, yTest? }) or an (async) function
//   returning one. Without it a built-in dataset is picked from the model's shapes;
// - optional `fitOptions`: ModelFitArgs overriding the defaults (batchSize 32, epochs enough for
//   about 500 optimizer steps, see `defaultEpochs`; validation on the test split, else
//   validationSplit 0.1 from 50 samples up);
// - optional `compileOptions`: used when the model comes back uncompiled (default: Adam, at a
//   rate that suits the dataset's size, see `defaultLearningRate`).

import type * as tfTypes from '@tensorflow/tfjs';
import type { Logs, RunError } from '../shared/workerProtocol';
import type { Dataset } from './datasets/dataset';
import type { FitObserver } from './fitObserver';
import type * as UserApi from './userApi';

type Tf = typeof tfTypes;

/** `getModel` is the name of the TensorFlow.js tutorials (e.g. the MNIST CNN codelab). */
export const FACTORY_EXPORTS = ['createModel', 'buildModel', 'getModel', 'default'] as const;
export const MODEL_EXPORT = 'model';
/** Below this many samples a validation split would take away data the model needs (XOR has 4). */
const MIN_SAMPLES_FOR_SPLIT = 50;
const DEFAULT_BATCH_SIZE = 32;
/** Optimizer steps a default run aims for: a fixed epoch count would give Iris (4 batches) 20 steps and MNIST 9 000. */
const DEFAULT_STEPS = 500;
const MAX_DEFAULT_EPOCHS = 500;

/** Epochs for about DEFAULT_STEPS optimizer steps: one epoch of MNIST, 125 of Iris. */
export function defaultEpochs(samples: number, batchSize: number): number {
  const batches = Math.max(1, Math.ceil(samples / Math.max(1, batchSize)));
  return Math.min(MAX_DEFAULT_EPOCHS, Math.max(1, Math.ceil(DEFAULT_STEPS / batches)));
}

/**
 * Adam's usual 0.001 needs thousands of steps; a small dataset gets only hundreds, so it takes
 * bigger ones (Iris reaches ≈ 97 % with 0.01 where 0.001 leaves it near chance).
 */
export function defaultLearningRate(samples: number): number {
  return samples < 1000 ? 0.01 : 0.001;
}

const LOOKED_FOR =
  'no model.fit() or fitDataset() call, and exports no model factory ' +
  '(looked for an exported function createModel, buildModel, getModel or default returning a tf.LayersModel, ' +
  'or an exported tf.LayersModel named model).';
export const NO_MODEL_MESSAGE = `The file ran ${LOOKED_FOR}`;
export const NO_MODEL_HINT =
  'Either call model.fit(...) in the file, or add `export function createModel() { … return model; }` ' +
  '(and optionally `export const data = …` and `export const fitOptions = { epochs: … }`).';

/** Exports a factory module may have besides its model. */
const OPTION_EXPORTS = new Set(['data', 'fitOptions', 'compileOptions']);

/**
 * "No model" for a file that ran to its end: what was looked for, and what the file did instead
 * that comes close — a compiled model that was never fitted, or a function exported under
 * another name.
 */
export function noModelError(exported: Record<string, unknown>, compileLine: number | undefined, source: string): Omit<RunError, 'file'> {
  const functions = Object.keys(exported).filter((name) => typeof exported[name] === 'function' && !OPTION_EXPORTS.has(name));
  if (compileLine !== undefined) {
    return {
      kind: 'no-model',
      message: `The model compiled at line ${compileLine} is never trained: the file ran ${LOOKED_FOR}`,
      line: compileLine,
      hint: 'Train it after it is compiled, e.g. `await model.fit(xs, ys, { epochs: 10 });` — or export it: `export function createModel() { … return model; }`.',
    };
  }
  const uncalled = uncalledFunction(source);
  if (uncalled) {
    return {
      kind: 'no-model',
      message: `${uncalled.name}() is defined at line ${uncalled.line} but never called, so its code did not run: the file ran ${LOOKED_FOR}`,
      line: uncalled.line,
      hint: `Call it at the end of the file: \`${uncalled.name}();\` (or \`await ${uncalled.name}();\`).`,
    };
  }
  if (functions.length > 0) {
    const names = functions.slice(0, 5).map((n) => `${n}()`).join(', ');
    const first = functions[0] as string;
    return {
      kind: 'no-model',
      message: `${NO_MODEL_MESSAGE} It exports ${names}, under ${functions.length === 1 ? 'a name' : 'names'} DeepDrill does not look for.`,
      line: declarationLine(source, first),
      hint: `If ${first}() returns the model, rename it createModel (or export it again: \`export { ${first} as createModel };\`).`,
    };
  }
  return { kind: 'no-model', message: NO_MODEL_MESSAGE, hint: NO_MODEL_HINT };
}

type Outcome = { ok: true; logs: Logs } | { ok: false; error: RunError };

interface ModelSource {
  /** The export that provides the model. */
  name: string;
  get: () => Promise<unknown>;
}

/**
 * The module's exports. A CommonJS file (`module.exports = { createModel }`) arrives as the
 * default export of the transpiled ES module, so its properties count as exports too.
 */
export function moduleExports(ns: Record<string, unknown>, tf: Tf): Record<string, unknown> {
  const d = ns.default;
  const commonJs = typeof d === 'object' && d !== null && !(d instanceof tf.LayersModel) && Object.keys(ns).length === 1;
  return commonJs ? (d as Record<string, unknown>) : ns;
}

/** Finds the model export, or undefined when the module has none. */
export function findModelSource(ns: Record<string, unknown>, tf: Tf): ModelSource | undefined {
  for (const name of FACTORY_EXPORTS) {
    const v = ns[name];
    if (typeof v === 'function') return { name, get: async () => (v as () => unknown)() };
    if (name === 'default' && v instanceof tf.LayersModel) return { name, get: async () => v };
  }
  const m = ns[MODEL_EXPORT];
  if (m instanceof tf.LayersModel) return { name: MODEL_EXPORT, get: async () => m };
  return undefined;
}

/**
 * A function declared at the top of the file (not exported) that trains but whose name appears
 * nowhere else: `async function run() { … model.fit(…) }` without the `run();` that starts it.
 * Best effort, from the text.
 */
export function uncalledFunction(source: string): { name: string; line: number } | undefined {
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/.exec(lines[i] as string);
    if (!m) continue;
    const name = m[1] as string;
    const uses = source.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
    if (uses !== 1) continue;
    // Its body: up to the first closing brace at the start of a line. Only a function that would
    // have trained counts: an unused helper is not why nothing trained.
    const end = lines.findIndex((l, j) => j > i && /^}/.test(l));
    const body = lines.slice(i, end < 0 ? undefined : end + 1).join('\n');
    if (/\.(fit|fitDataset|trainOnBatch)\s*\(/.test(body)) return { name, line: i + 1 };
  }
  return undefined;
}

/** 1-based line of the declaration of export `name` in the user's source, best effort. */
export function declarationLine(source: string, name: string): number | undefined {
  const lines = source.split(/\r?\n/);
  const esc = name.replace(/[$]/g, '\\$');
  const patterns =
    name === 'default'
      ? [/^\s*export\s+default\b/]
      : [
          new RegExp(`^\\s*export\\s+(async\\s+)?function\\s*\\*?\\s*${esc}\\b`),
          new RegExp(`^\\s*export\\s+(const|let|var)\\s+${esc}\\b`),
          new RegExp(`^\\s*(async\\s+)?function\\s*\\*?\\s*${esc}\\b`),
          new RegExp(`^\\s*(const|let|var)\\s+${esc}\\b`),
          new RegExp(`^\\s*(module\\.)?exports\\.${esc}\\s*=`),
        ];
  for (const pattern of patterns) {
    const i = lines.findIndex((l) => pattern.test(l));
    if (i >= 0) return i + 1;
  }
  return undefined;
}

function isTensor(tf: Tf, x: unknown): x is tfTypes.Tensor {
  return x instanceof tf.Tensor;
}

function isDataset(tf: Tf, d: unknown): d is Dataset {
  const o = d as Partial<Dataset> | null;
  return typeof o === 'object' && o !== null && isTensor(tf, o.xTrain) && isTensor(tf, o.yTrain);
}

/** Picks a built-in dataset that fits the model's input and output shapes. */
async function builtInDataFor(model: tfTypes.LayersModel): Promise<{ name: string; data: Dataset } | undefined> {
  const input = model.inputs[0]?.shape.slice(1) ?? [];
  const output = model.outputs[0]?.shape ?? [];
  const units = output[output.length - 1];
  const inputKey = input.join(',');
  // Required here, not imported: the datasets load tfjs, which the worker loads only after the user's file transpiled.
  const userApi = require('./userApi') as typeof UserApi;
  if ((inputKey === '28,28,1' || inputKey === '784') && units === 10) {
    return { name: 'mnist', data: await userApi.mnist({ flatten: inputKey === '784' }) };
  }
  if (inputKey === '4' && units === 3) return { name: 'iris', data: await userApi.iris() };
  if (inputKey === '2' && units === 1) return { name: 'xor', data: await userApi.xor() };
  if (inputKey === '1' && units === 1) return { name: 'sine', data: await userApi.sine() };
  return undefined;
}

function lastActivation(model: tfTypes.LayersModel): string | undefined {
  const last = model.layers[model.layers.length - 1];
  if (!last) return undefined;
  if (last.getClassName() === 'Softmax') return 'softmax';
  const activation = (last.getConfig() as { activation?: unknown }).activation;
  return typeof activation === 'string' ? activation : undefined;
}

/** Adam plus the loss that fits the last layer and the labels. */
export function defaultCompileArgs(model: tfTypes.LayersModel, yTrain: tfTypes.Tensor): tfTypes.ModelCompileArgs {
  const output = model.outputs[0]?.shape ?? [];
  const units = output[output.length - 1] ?? 1;
  const activation = lastActivation(model);
  if (activation === 'softmax') {
    const oneHot = yTrain.rank === 2 && yTrain.shape[1] === units && units > 1;
    return {
      optimizer: 'adam',
      loss: oneHot ? 'categoricalCrossentropy' : 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    };
  }
  if (activation === 'sigmoid') return { optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] };
  return { optimizer: 'adam', loss: 'meanSquaredError' };
}

function plainObject(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {};
}

/**
 * Builds, compiles when needed, trains and evaluates the exported model. Training goes through
 * the observed fit, so it streams like a script's fit; the returned logs add test metrics.
 */
export async function trainFactoryModule(
  tf: Tf,
  ns: Record<string, unknown>,
  source: ModelSource,
  observer: FitObserver,
  factoryLine: number | undefined,
): Promise<Outcome> {
  const model = await source.get();
  if (!(model instanceof tf.LayersModel)) {
    const what = model === undefined ? 'undefined' : model === null ? 'null' : typeof model === 'object' ? 'an object that is not a model' : typeof model;
    return {
      ok: false,
      error: {
        kind: 'no-model',
        message: `The exported ${source.name === MODEL_EXPORT ? 'model' : `${source.name}()`} gave ${what}, not a tf.LayersModel.`,
        line: factoryLine,
        hint: 'Return the model: `return model;` at the end of the factory (tf.sequential() or tf.model()).',
      },
    };
  }

  let data: Dataset;
  const dataExport = ns.data;
  if (dataExport !== undefined) {
    const d = typeof dataExport === 'function' ? await (dataExport as () => unknown)() : dataExport;
    if (!isDataset(tf, d)) {
      return {
        ok: false,
        error: {
          kind: 'no-model',
          message: 'The exported `data` is not a dataset: expected { xTrain, yTrain, xTest?, yTest? } with tensors (or a function returning one).',
          hint: "Use a loader from 'deepdrill' (mnist(), iris(), xor(), csv(…)) or build the tensors with tf.tensor2d(…).",
        },
      };
    }
    data = d;
  } else {
    const builtIn = await builtInDataFor(model);
    if (!builtIn) {
      const input = JSON.stringify(model.inputs[0]?.shape.slice(1));
      const output = JSON.stringify(model.outputs[0]?.shape.slice(1));
      return {
        ok: false,
        error: {
          kind: 'no-model',
          message: `No data to train on: the module exports no \`data\`, and no built-in dataset fits a model with input ${input} and output ${output} (built in: MNIST [28,28,1] or [784] → 10, Iris [4] → 3, XOR [2] → 1, sine [1] → 1).`,
          line: factoryLine,
          hint: "Export the data too, e.g. `export const data = () => spirals();` with a loader from 'deepdrill'.",
        },
      };
    }
    data = builtIn.data;
  }

  try {
    const samples = data.xTrain.shape[0];
    if (model.optimizer == null) {
      model.compile({
        ...defaultCompileArgs(model, data.yTrain),
        optimizer: tf.train.adam(defaultLearningRate(samples)),
        ...(plainObject(ns.compileOptions) as Partial<tfTypes.ModelCompileArgs>),
      });
    }
    const userFit = plainObject(ns.fitOptions) as tfTypes.ModelFitArgs;
    const hasTest = data.xTest !== undefined && data.yTest !== undefined;
    const validation: tfTypes.ModelFitArgs =
      userFit.validationData !== undefined || userFit.validationSplit !== undefined
        ? {}
        : hasTest
          ? { validationData: [data.xTest as tfTypes.Tensor, data.yTest as tfTypes.Tensor] }
          : samples >= MIN_SAMPLES_FOR_SPLIT
            ? { validationSplit: 0.1 }
            : {};
    const batchSize = userFit.batchSize ?? DEFAULT_BATCH_SIZE;
    const fitArgs: tfTypes.ModelFitArgs = { epochs: defaultEpochs(samples, batchSize), batchSize, ...validation, ...userFit };
    observer.nextFitLine = factoryLine;
    await model.fit(data.xTrain, data.yTrain, fitArgs);
    const logs: Logs = { ...(observer.lastLogs ?? {}) };
    if (hasTest) Object.assign(logs, evaluateOnTest(tf, model, data.xTest as tfTypes.Tensor, data.yTest as tfTypes.Tensor));
    return { ok: true, logs };
  } finally {
    for (const t of [data.xTrain, data.yTrain, data.xTest, data.yTest]) t?.dispose();
  }
}

/** `test_loss`, `test_acc`, … from evaluating the model on the test split. */
function evaluateOnTest(tf: Tf, model: tfTypes.LayersModel, xTest: tfTypes.Tensor, yTest: tfTypes.Tensor): Logs {
  return tf.tidy(() => {
    const result = model.evaluate(xTest, yTest, { batchSize: 256 });
    const scalars = Array.isArray(result) ? result : [result];
    const logs: Logs = {};
    scalars.forEach((s, i) => {
      logs[`test_${model.metricsNames[i] ?? i}`] = s.dataSync()[0];
    });
    return logs;
  });
}
