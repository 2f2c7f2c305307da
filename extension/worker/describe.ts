// Builds the model of a learner's file without training it, and describes it as a ModelSummary:
// the worker's answer to a DescribeRequest (the architecture diagram, `deepdrill summary`).
//
// Three pieces: `LayerLines` serves the user a tfjs whose layer factories (`tf.layers.dense`, …)
// and model builders (`tf.sequential`, `tf.model`) remember the user line that called them;
// `ModelCatcher` stops a script at its first fit (which does not run) and remembers the models
// that were compiled; `summarizeModel` reads a real tfjs model into the summary.

import type * as tfTypes from '@tensorflow/tfjs';
import { layerFlops, summaryTotals, type LayerConfig } from '../shared/layerFlops';
import type { LayerSummary, ModelSummary, Shape } from '../shared/modelSummary';
import type { UserSourceMap } from './sourceMap';

type Tf = typeof tfTypes;
type Layer = tfTypes.layers.Layer;

/** tfjs's Node: one call of a layer on symbolic inputs. Internal to tfjs, hence described here. */
interface LayerNode {
  inboundLayers: Layer[];
  inputShapes: Shape | Shape[];
  outputShapes: Shape | Shape[];
}

/** The parts of tfjs's Layer and LayersModel the summary reads that tfjs's typings keep internal. */
interface LayerInternals {
  inboundNodes: LayerNode[];
}
interface ModelInternals {
  nodesByDepth?: Record<string, LayerNode[]>;
}

/** Where the user's code created layers and models: object → 1-based line in the user's file. */
export class LayerLines {
  private readonly lines = new WeakMap<object, number>();

  constructor(
    private readonly map: UserSourceMap,
    private readonly userFile: string,
  ) {}

  lineOf(o: object): number | undefined {
    return this.lines.get(o);
  }

  private remember(o: unknown, stack: string | undefined): void {
    if (typeof o !== 'object' || o === null || this.lines.has(o)) return;
    // The innermost frame in the user's own file: for a layer built by a helper in another
    // file, the line in this file that called the helper.
    const line = this.map.firstUserFrame(stack, this.userFile)?.line;
    if (line !== undefined) this.lines.set(o, line);
  }

  private recording<F extends (...args: never[]) => unknown>(fn: F): F {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return function (this: unknown, ...args: never[]) {
      const result = fn.apply(this, args);
      self.remember(result, new Error().stack);
      return result;
    } as F;
  }

  /**
   * The tfjs the user's imports get: the same instance, with recording factories. Its
   * namespaces are read-only getters, so this is a copy of the namespace object, not a patch.
   */
  wrap(tf: Tf): Tf {
    const layers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(tf.layers)) {
      // Classes (Layer, RNN, RNNCell) must stay constructible with `new`.
      const isFactory = typeof value === 'function' && !/^[A-Z]/.test(name);
      layers[name] = isFactory ? this.recording(value as (...args: never[]) => unknown) : value;
    }
    const served: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(tf)) served[name] = value;
    served.layers = layers;
    served.sequential = this.recording(tf.sequential);
    served.model = this.recording(tf.model);
    // tf.input returns a symbolic tensor; the line belongs to the InputLayer behind it.
    served.input = (config: Parameters<Tf["input"]>[0]) => {
      const t = tf.input(config);
      this.remember(t.sourceLayer, new Error().stack);
      return t;
    };
    return served as unknown as Tf;
  }
}

/**
 * Stops a script at its first `fit`/`fitDataset` — the model is what is wanted, not training —
 * and remembers the last model that was compiled, for files that build and compile without
 * fitting.
 */
export class ModelCatcher {
  lastCompiled: tfTypes.LayersModel | undefined;
  lastBuilt: tfTypes.LayersModel | undefined;
  /** Resolves with the model of the first fit (or trainOnBatch) call. */
  readonly firstFit: Promise<tfTypes.LayersModel>;
  private resolveFit!: (m: tfTypes.LayersModel) => void;

  constructor(private readonly tf: Tf) {
    this.firstFit = new Promise((resolve) => {
      this.resolveFit = resolve;
    });
  }

  install(): void {
    // tf.Sequential delegates fit and compile to an inner LayersModel: its own methods are
    // wrapped too, so that the model caught is the user's Sequential, not its inner model.
    let depth = 0;
    const catcher = this;
    for (const proto of [this.tf.Sequential.prototype, this.tf.LayersModel.prototype] as unknown as Record<string, unknown>[]) {
      // trainOnBatch too: a hand-written training loop must not run in full on every describe.
      for (const name of ['fit', 'fitDataset', 'trainOnBatch']) {
        if (!Object.prototype.hasOwnProperty.call(proto, name)) continue;
        proto[name] = function (this: tfTypes.LayersModel) {
          catcher.resolveFit(this);
          // Never settles: the worker answers and exits before the script goes on.
          return new Promise(() => undefined);
        };
      }
      if (!Object.prototype.hasOwnProperty.call(proto, 'compile')) continue;
      const compile = proto.compile as (this: tfTypes.LayersModel, args: tfTypes.ModelCompileArgs) => void;
      proto.compile = function (this: tfTypes.LayersModel, args: tfTypes.ModelCompileArgs) {
        if (depth === 0) catcher.lastCompiled = this;
        depth++;
        try {
          return compile.call(this, args);
        } finally {
          depth--;
        }
      };
    }
  }
}

/** Thrown when a model cannot be described because it has no shapes yet. */
export class ModelNotBuiltError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

const sumSizes = (weights: readonly { shape: readonly number[] }[]): number =>
  weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);

/** `[null, 3]` or `[[null, 3], [null, 4]]` as a list of shapes. */
function shapeList(x: Shape | Shape[] | undefined): Shape[] {
  if (!Array.isArray(x) || x.length === 0) return [];
  return Array.isArray(x[0]) ? (x as Shape[]) : [x as Shape];
}

function modelClassName(model: tfTypes.LayersModel): string {
  const c = model.getClassName();
  return c === 'Model' ? 'Functional' : c;
}

function configOf(layer: Layer): LayerConfig {
  try {
    return layer.getConfig() as LayerConfig;
  } catch {
    return {};
  }
}

function activationOf(layer: Layer, config: LayerConfig): string | undefined {
  const a = config.activation;
  if (typeof a === 'string') return a;
  const className = layer.getClassName();
  // Activation layers by another name.
  if (className === 'Softmax') return 'softmax';
  if (className === 'ReLU') return 'relu';
  return undefined;
}

/** The model as a summary: one entry per layer of `model.layers`, as tfjs's `model.summary()` lists them. */
export function summarizeModel(tf: Tf, model: tfTypes.LayersModel, lineOf: (o: object) => number | undefined): ModelSummary {
  if (isUnbuiltSequential(tf, model)) {
    const first = model.layers[0];
    throw new ModelNotBuiltError(
      first
        ? `The model is not built: its first layer (${first.name}) has no inputShape, so no layer has a shape yet.`
        : 'The model has no layers.',
      (first && lineOf(first)) ?? lineOf(model),
    );
  }
  const internals = model as unknown as ModelInternals;
  // The calls of each layer that belong to this model (a layer may be used in other models too).
  const relevant = new Set(Object.values(internals.nodesByDepth ?? {}).flat());
  const layers: LayerSummary[] = model.layers.map((layer) => {
    const nodes = (layer as unknown as LayerInternals).inboundNodes.filter((n) => relevant.size === 0 || relevant.has(n));
    let outputShapes: Shape[];
    try {
      outputShapes = shapeList(layer.outputShape as Shape | Shape[]);
    } catch {
      // A layer called more than once has one output shape per call: show the first.
      outputShapes = shapeList(nodes[0]?.outputShapes);
    }
    if (outputShapes.length === 0) {
      throw new ModelNotBuiltError(
        `The model is not built yet: the layer ${layer.name} has no output shape, so the model's shapes are unknown.`,
        lineOf(layer) ?? lineOf(model),
      );
    }
    const inputShapes = shapeList(nodes[0]?.inputShapes);
    const config = configOf(layer);
    const nested = layer instanceof tf.LayersModel ? summarizeModel(tf, layer, lineOf) : undefined;
    const inbound = [...new Set(nodes.flatMap((n) => n.inboundLayers.map((l) => l.name)))];
    const trainableParams = sumSizes(layer.trainableWeights.map((w) => ({ shape: w.shape as number[] })));
    const nonTrainableParams = sumSizes(layer.nonTrainableWeights.map((w) => ({ shape: w.shape as number[] })));
    const summary: LayerSummary = {
      name: layer.name,
      className: layer.getClassName(),
      outputShapes,
      params: layer.countParams(),
      trainableParams,
      nonTrainableParams,
      inbound,
      flopsPerSample: nested ? nested.totals.flopsPerSample : layerFlops(layer.getClassName(), config, inputShapes, outputShapes),
    };
    const activation = activationOf(layer, config);
    if (activation !== undefined) summary.activation = activation;
    const line = lineOf(layer);
    if (line !== undefined) summary.line = line;
    if (nested) summary.nested = nested;
    return summary;
  });
  const sourceLayerName = (t: tfTypes.SymbolicTensor): string => t.sourceLayer.name;
  const summary: ModelSummary = {
    name: model.name,
    className: modelClassName(model),
    inputs: model.inputs.map(sourceLayerName),
    inputShapes: model.inputs.map((t) => t.shape as Shape),
    outputs: model.outputs.map(sourceLayerName),
    layers,
    totals: summaryTotals(layers),
  };
  const line = lineOf(model);
  if (line !== undefined) summary.line = line;
  return summary;
}

/** Whether a Sequential model has been given its input shape (tfjs builds it then). */
export function isUnbuiltSequential(tf: Tf, model: tfTypes.LayersModel): boolean {
  if (!(model instanceof tf.Sequential)) return false;
  try {
    return model.layers.length === 0 || model.inputs.length === 0;
  } catch {
    return true;
  }
}
