// What DeepDrill knows about a model's architecture, in one shape for every producer and
// consumer: the worker builds it from a real tfjs model (exact), the language server from the
// source alone (static, best effort); the architecture diagram, `deepdrill summary`, hovers,
// CodeLenses and diagnostics read it. Pure data: it crosses process boundaries as JSON.

/** A tensor shape with the batch axis (and any unknown axis) as null, as Keras prints it. */
export type Shape = (number | null)[];

export interface LayerSummary {
  /** The layer's unique name in its model (`dense_Dense1`, or the user's `name`). */
  name: string;
  /** tfjs class name: `Dense`, `Conv2D`, `InputLayer`, `Sequential` (a nested model), … */
  className: string;
  /** One shape per output; most layers have one. */
  outputShapes: Shape[];
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** The activation name when the layer has one (`relu`, `softmax`, `linear`). */
  activation?: string;
  /** Names of the layers whose outputs feed this one (empty for inputs). */
  inbound: string[];
  /** Multiply-adds ×2 per sample for this layer (0 where negligible or unknown). */
  flopsPerSample: number;
  /** 1-based line of the user's source that created the layer, when known. */
  line?: number;
  /** For a model used as a layer: its own layers, so a diagram can expand it. */
  nested?: ModelSummary;
}

export interface ModelTotals {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  flopsPerSample: number;
  /** Bytes of all weights (float32 → 4 bytes per parameter). */
  weightBytes: number;
}

export interface ModelSummary {
  /** The model's name (`sequential_1`, or the user's). */
  name: string;
  /** `Sequential` or `Functional` (tfjs `LayersModel`). */
  className: string;
  /** Names of the input layers, in order. */
  inputs: string[];
  /** Shapes of the model's inputs, in the order of `inputs` (a Sequential model lists no input layer among `layers`). */
  inputShapes?: Shape[];
  /** Names of the layers whose outputs are the model's outputs, in order. */
  outputs: string[];
  layers: LayerSummary[];
  totals: ModelTotals;
  /** 1-based line of the call that built the model (`tf.sequential`, `tf.model`) or the factory. */
  line?: number;
}
