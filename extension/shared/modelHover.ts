// What the language server shows for a model: the hover of a layer call, the hover of the call
// that builds the model (a Keras-style table), and the CodeLens titles. Pure text from a
// ModelSummary, whichever produced it (the worker's exact one or the static one).
import type { LayerSummary, ModelSummary, Shape } from './modelSummary';

function shapeText(shape: Shape | undefined): string {
  return shape ? `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]` : '?';
}

export function countText(n: number): string {
  return n.toLocaleString('en-US');
}

/** Where the figures come from, said once at the end of each hover. */
function provenance(exact: boolean): string {
  return exact ? '_Exact: DeepDrill built this model._' : '_Worked out from the source._';
}

export interface LayerFacts {
  layer: LayerSummary;
  /** null when the static analysis could not tell. */
  paramsKnown: boolean;
  inputShapes?: (Shape | null)[];
}

/** Markdown for the hover of one layer call. */
export function layerHoverMarkdown(facts: LayerFacts, exact: boolean): string {
  const { layer } = facts;
  const out = layer.outputShapes.length ? layer.outputShapes.map(shapeText).join(', ') : '?';
  const params = facts.paramsKnown ? countText(layer.params) : '?';
  const lines = [`**${layer.className}** \`${layer.name}\``, '', `Output shape **\`${out}\`** · **${params}** params`];
  if (facts.paramsKnown && layer.nonTrainableParams > 0) lines[2] += ` (${countText(layer.nonTrainableParams)} non-trainable)`;
  if (layer.activation) lines[2] += ` · activation \`${layer.activation}\``;
  const inputs = facts.inputShapes?.filter((s): s is Shape => s !== null);
  if (inputs && inputs.length) lines.push('', `Input ${inputs.map(shapeText).map((s) => `\`${s}\``).join(', ')}`);
  lines.push('', provenance(exact));
  return lines.join('\n');
}

/** Markdown for the hover of a model's construction: a table like tfjs's `model.summary()`. */
export function modelHoverMarkdown(model: ModelSummary, paramsKnown: boolean, exact: boolean): string {
  const rows = model.layers.map((l) => [`${l.name} (${l.className})`, l.outputShapes.length ? l.outputShapes.map(shapeText).join(' ') : '?', paramsKnown || l.params > 0 ? countText(l.params) : '?']);
  const head = ['Layer (type)', 'Output shape', 'Param #'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const total = `${paramsKnown ? '' : '≥ '}${countText(model.totals.params)}`;
  const table = [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
  return [
    `**${model.className}** \`${model.name}\` · **${total}** params (${countText(model.totals.trainableParams)} trainable)` +
      (model.totals.flopsPerSample > 0 ? ` · ${countText(model.totals.flopsPerSample)} FLOPs per sample` : ''),
    '',
    '```text',
    table,
    '```',
    provenance(exact),
  ].join('\n');
}

/** The CodeLens title with the parameter total. */
export function paramsLensTitle(model: ModelSummary, paramsKnown: boolean): string {
  return `${paramsKnown ? '' : '≥ '}${countText(model.totals.params)} params`;
}
