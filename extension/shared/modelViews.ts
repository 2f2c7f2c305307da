// The models of a file as hovers and CodeLenses show them: the static analysis, with the exact
// summary of the model the worker built laid over it where they are the same model (matched by
// the lines of the source that created the model and its layers).
import type { StaticModel } from './modelAnalysis';
import type { LayerSummary, ModelSummary, Shape } from './modelSummary';

export interface LayerView {
  layer: LayerSummary;
  paramsKnown: boolean;
  inputShapes: (Shape | null)[];
  /** Offsets of the layer call in the analysed text. */
  start: number;
  end: number;
}

export interface ModelView {
  model: ModelSummary;
  paramsKnown: boolean;
  /** Whether `model` is the worker's exact summary. */
  exact: boolean;
  start: number;
  end: number;
  layers: LayerView[];
}

export function staticView(m: StaticModel): ModelView {
  return {
    model: m.summary,
    paramsKnown: m.paramsKnown,
    exact: false,
    start: m.start,
    end: m.end,
    layers: m.layers.map((l) => ({ layer: l.summary, paramsKnown: l.params !== null, inputShapes: l.inputShapes, start: l.start, end: l.end })),
  };
}

/**
 * Lays the exact summary over the static model it describes: the one built on the same line
 * (or the only one, when the worker could not tell the line). Each static layer takes the exact
 * layer created on its line (the n-th of that line for the n-th call there); a static layer with
 * no exact twin keeps its static figures.
 */
export function mergeExact(models: StaticModel[], exact: ModelSummary | undefined): ModelView[] {
  const views = models.map(staticView);
  if (!exact) return views;
  const target = views.find((v) => exact.line !== undefined && v.model.line === exact.line) ?? (views.length === 1 && exact.line === undefined ? views[0] : undefined);
  if (!target) return views;
  const byLine = new Map<number, LayerSummary[]>();
  for (const l of exact.layers) {
    if (l.line === undefined || l.className === 'InputLayer') continue;
    byLine.set(l.line, [...(byLine.get(l.line) ?? []), l]);
  }
  const taken = new Map<number, number>();
  const layers = target.layers.map((v) => {
    const line = v.layer.line;
    if (line === undefined) return v;
    const k = taken.get(line) ?? 0;
    taken.set(line, k + 1);
    const twin = byLine.get(line)?.[k];
    return twin ? { ...v, layer: twin, paramsKnown: true } : v;
  });
  Object.assign(target, { model: exact, paramsKnown: true, exact: true, layers });
  return views;
}
