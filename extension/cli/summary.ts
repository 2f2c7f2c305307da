// What `deepdrill summary FILE` prints: a Keras-style table of the model's layers, or with
// --json one object. Pure functions of the ModelSummary (unit-tested).

import { formatBytes, formatCount, formatShapes } from '../shared/layerFlops';
import type { LayerSummary, ModelSummary, Shape } from '../shared/modelSummary';
import type { RunError } from '../shared/workerProtocol';

/** `12,345`: exact counts, grouped, as Keras prints them. */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One layer in --json: the documented fields first (name, class, outputShape, params, line), then the rest. */
export interface SummaryJsonLayer {
  name: string;
  class: string;
  /** The shape of the layer's output; a list of shapes for a layer with several outputs. */
  outputShape: Shape | Shape[];
  params: number;
  line: number | null;
  trainableParams: number;
  nonTrainableParams: number;
  flopsPerSample: number;
  activation?: string;
  inbound: string[];
  /** The layers of a model used as a layer. */
  layers?: SummaryJsonLayer[];
}

export interface SummaryJson {
  model: { name: string; class: string; line: number | null; inputs: string[]; outputs: string[] };
  layers: SummaryJsonLayer[];
  totals: ModelSummary['totals'];
}

function jsonLayer(l: LayerSummary): SummaryJsonLayer {
  const out: SummaryJsonLayer = {
    name: l.name,
    class: l.className,
    outputShape: l.outputShapes.length === 1 ? l.outputShapes[0] : l.outputShapes,
    params: l.params,
    line: l.line ?? null,
    trainableParams: l.trainableParams,
    nonTrainableParams: l.nonTrainableParams,
    flopsPerSample: l.flopsPerSample,
    inbound: l.inbound,
  };
  if (l.activation !== undefined) out.activation = l.activation;
  if (l.nested) out.layers = l.nested.layers.map(jsonLayer);
  return out;
}

export function summaryJson(s: ModelSummary): SummaryJson {
  return {
    model: { name: s.name, class: s.className, line: s.line ?? null, inputs: s.inputs, outputs: s.outputs },
    layers: s.layers.map(jsonLayer),
    totals: s.totals,
  };
}

/** The error of a failed summary in --json: `{"error":{kind,message,file,line,column,hint}}`. */
export function summaryErrorJson(e: RunError): string {
  const { kind, message, file, line, column, hint } = e;
  return JSON.stringify({ error: { kind, message, file, line, column, hint } });
}

const HEADERS = ['Layer (type)', 'Output Shape', 'Param #', 'Line'] as const;
const GAP = 3;

/** Rows of the table: nested models' layers follow their model, indented. */
function rows(layers: readonly LayerSummary[], indent = ''): string[][] {
  return layers.flatMap((l) => [
    [`${indent}${l.name} (${l.className})`, formatShapes(l.outputShapes), grouped(l.params), l.line === undefined ? '' : String(l.line)],
    ...(l.nested ? rows(l.nested.layers, `${indent}  `) : []),
  ]);
}

/** The Keras-style table, with totals, FLOPs per sample and weight memory below it. */
export function summaryTable(s: ModelSummary, file: string): string {
  const body = rows(s.layers);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' '.repeat(GAP))
      .trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const t = s.totals;
  const where = s.line !== undefined ? ` at line ${s.line}` : '';
  return [
    `Model: "${s.name}" (${s.className}) built${where} in ${file}`,
    '_'.repeat(total),
    line(HEADERS),
    '='.repeat(total),
    ...body.map(line),
    '='.repeat(total),
    `Total params: ${grouped(t.params)}`,
    `Trainable params: ${grouped(t.trainableParams)}`,
    `Non-trainable params: ${grouped(t.nonTrainableParams)}`,
    `FLOPs per sample: ${grouped(t.flopsPerSample)}${t.flopsPerSample >= 1000 ? ` (≈ ${formatCount(t.flopsPerSample)})` : ''}`,
    `Weight memory: ${formatBytes(t.weightBytes)} (${grouped(t.weightBytes)} bytes, float32)`,
    '_'.repeat(total),
  ].join('\n');
}
