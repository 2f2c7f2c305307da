// The architecture diagram as a graph, before layout: one node per layer, one edge per
// connection labelled with the tensor shape that flows along it, nested models as nodes that
// hold their own graph when expanded. Pure: the webview lays it out (elkjs) and draws it.

import { formatShapes } from './layerFlops';
import type { LayerSummary, ModelSummary } from './modelSummary';

export type DiagramNodeKind = 'input' | 'layer' | 'model';

export interface DiagramNode {
  /** Unique in the whole diagram: nested layers are prefixed with their models' names (`tower/dense_1`). */
  id: string;
  name: string;
  className: string;
  kind: DiagramNodeKind;
  /** The output shape(s) as Keras prints them. */
  shape: string;
  activation?: string;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  flopsPerSample: number;
  /** 1-based line of the user's file that created it. */
  line?: number;
  /** A nested model that can be expanded. */
  expandable: boolean;
  /** The nested model's own graph, when expanded. */
  inner?: DiagramGraph;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  /** The shape of the tensor along the edge: the source's output. */
  label: string;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

function layerNode(layer: LayerSummary, id: string): DiagramNode {
  const node: DiagramNode = {
    id,
    name: layer.name,
    className: layer.className,
    kind: layer.className === 'InputLayer' ? 'input' : layer.nested ? 'model' : 'layer',
    shape: formatShapes(layer.outputShapes),
    params: layer.params,
    trainableParams: layer.trainableParams,
    nonTrainableParams: layer.nonTrainableParams,
    flopsPerSample: layer.flopsPerSample,
    expandable: layer.nested !== undefined,
  };
  if (layer.activation !== undefined) node.activation = layer.activation;
  if (layer.line !== undefined) node.line = layer.line;
  return node;
}

/**
 * The graph of a model. `isCollapsed(id)` says which nested models are drawn as one node.
 * A Sequential model lists no input layer among its layers; its input gets a node of its own
 * so that the first layer's input shape is drawn too.
 */
export function diagramGraph(summary: ModelSummary, isCollapsed: (id: string) => boolean = () => false, prefix = ''): DiagramGraph {
  const nodes: DiagramNode[] = [];
  const byName = new Map<string, DiagramNode>();
  const names = new Set(summary.layers.map((l) => l.name));
  summary.inputs.forEach((name, i) => {
    if (names.has(name)) return;
    const shape = summary.inputShapes?.[i];
    const node: DiagramNode = {
      id: `${prefix}${name}`,
      name: 'input',
      className: 'Input',
      kind: 'input',
      shape: shape ? formatShapes([shape]) : '?',
      params: 0,
      trainableParams: 0,
      nonTrainableParams: 0,
      flopsPerSample: 0,
      expandable: false,
    };
    nodes.push(node);
    byName.set(name, node);
  });
  for (const layer of summary.layers) {
    const node = layerNode(layer, `${prefix}${layer.name}`);
    if (layer.nested && !isCollapsed(node.id)) node.inner = diagramGraph(layer.nested, isCollapsed, `${node.id}/`);
    nodes.push(node);
    byName.set(layer.name, node);
  }
  const edges: DiagramEdge[] = [];
  for (const layer of summary.layers) {
    const target = byName.get(layer.name);
    if (!target) continue;
    for (const from of layer.inbound) {
      const source = byName.get(from);
      if (!source) continue;
      edges.push({ id: `${source.id}->${target.id}`, source: source.id, target: target.id, label: source.shape });
    }
  }
  return { nodes, edges };
}

/** Every node id of the graph, nested ones included (the webview finds nodes by id). */
export function allNodeIds(graph: DiagramGraph): string[] {
  return graph.nodes.flatMap((n) => [n.id, ...(n.inner ? allNodeIds(n.inner) : [])]);
}
