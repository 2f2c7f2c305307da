// Lays the diagram graph out with elkjs (layered, top to bottom) and draws it as one SVG element.
// The SVG carries concrete colours read from the theme's --vscode-* variables when it is drawn
// (and is drawn again when the theme changes), so the same element can be saved as a
// standalone SVG or PNG that looks like what is on screen.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { DiagramGraph, DiagramNode } from '../../extension/shared/architectureGraph';
import { formatCount } from '../../extension/shared/layerFlops';

const SVG_NS = 'http://www.w3.org/2000/svg';
const elk = new ELK();

export interface Theme {
  font: string;
  mono: string;
  background: string;
  nodeBackground: string;
  border: string;
  foreground: string;
  muted: string;
  edge: string;
  focus: string;
  accents: Record<'input' | 'conv' | 'pool' | 'dense' | 'norm' | 'recurrent' | 'merge' | 'model' | 'other', string>;
}

export function readTheme(): Theme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  const muted = v('--vscode-descriptionForeground', foreground);
  return {
    font: v('--vscode-font-family', 'system-ui, sans-serif'),
    mono: v('--vscode-editor-font-family', 'monospace'),
    background: v('--vscode-editor-background', '#1e1e1e'),
    nodeBackground: v('--vscode-editorWidget-background', v('--vscode-editor-background', '#252526')),
    border: v('--vscode-editorWidget-border', v('--vscode-panel-border', muted)),
    foreground,
    muted,
    edge: muted,
    focus: v('--vscode-focusBorder', '#007fd4'),
    accents: {
      input: v('--vscode-charts-orange', muted),
      conv: v('--vscode-charts-blue', muted),
      pool: v('--vscode-charts-purple', muted),
      dense: v('--vscode-charts-green', muted),
      norm: v('--vscode-charts-yellow', muted),
      recurrent: v('--vscode-charts-red', muted),
      merge: v('--vscode-charts-red', muted),
      model: v('--vscode-focusBorder', muted),
      other: v('--vscode-disabledForeground', muted),
    },
  };
}

function accentOf(node: DiagramNode, theme: Theme): string {
  const c = node.className;
  if (node.kind === 'input') return theme.accents.input;
  if (node.kind === 'model') return theme.accents.model;
  if (/Conv/.test(c)) return theme.accents.conv;
  if (/Pool/.test(c)) return theme.accents.pool;
  if (c === 'Dense') return theme.accents.dense;
  if (/Normalization|Dropout/.test(c)) return theme.accents.norm;
  if (/LSTM|GRU|RNN|Embedding/.test(c)) return theme.accents.recurrent;
  if (/^(Add|Concatenate|Multiply|Average|Maximum|Minimum|Subtract|Dot)$/.test(c)) return theme.accents.merge;
  return theme.accents.other;
}

// ---- text metrics ------------------------------------------------------------------------------

const FONT_NAME = 13;
const FONT_TEXT = 12;
const FONT_EDGE = 11;
const LINE = 17;
const PAD_X = 14;
const PAD_Y = 10;
const ACCENT = 4;
const HEADER = 34;
const MIN_WIDTH = 150;

const canvas = document.createElement('canvas').getContext('2d');
function textWidth(text: string, font: string): number {
  if (!canvas) return text.length * 7.5;
  canvas.font = font;
  return canvas.measureText(text).width;
}

interface NodeText {
  name: string;
  kind: string;
  shape: string;
  params: string;
}

function paramsText(n: DiagramNode): string {
  if (n.kind === 'input') return '';
  if (n.params === 0) return 'no parameters';
  const count = `${n.params.toLocaleString('en-US')} params`;
  return n.nonTrainableParams > 0 ? `${count} (${n.nonTrainableParams.toLocaleString('en-US')} frozen)` : count;
}

function nodeText(n: DiagramNode): NodeText {
  return {
    name: n.name,
    kind: n.activation && n.activation !== 'linear' ? `${n.className} · ${n.activation}` : n.className,
    shape: n.shape,
    params: paramsText(n),
  };
}

function fonts(theme: Theme): { name: string; text: string; mono: string; edge: string } {
  return {
    name: `600 ${FONT_NAME}px ${theme.font}`,
    text: `${FONT_TEXT}px ${theme.font}`,
    mono: `${FONT_TEXT}px ${theme.mono}`,
    edge: `${FONT_EDGE}px ${theme.mono}`,
  };
}

// ---- layout --------------------------------------------------------------------------------------

const LAYOUT = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.edgeNode': '18',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.edgeLabels.inline': 'true',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

function toElk(graph: DiagramGraph, theme: Theme, byId: Map<string, DiagramNode>): { children: ElkNode[]; edges: ElkExtendedEdge[] } {
  const f = fonts(theme);
  const children = graph.nodes.map((n): ElkNode => {
    byId.set(n.id, n);
    const t = nodeText(n);
    if (n.inner) {
      const inner = toElk(n.inner, theme, byId);
      const header = `${t.name}  ${n.className} · ${formatCount(n.params)} params`;
      return {
        id: n.id,
        ...inner,
        layoutOptions: {
          'elk.padding': `[top=${HEADER + 12},left=16,bottom=16,right=16]`,
          'elk.nodeSize.minimum': `(${Math.ceil(textWidth(header, f.name) + 2 * PAD_X + 24)}, 60)`,
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        },
      };
    }
    const widths = [textWidth(t.name, f.name), textWidth(t.kind, f.text), textWidth(t.shape, f.mono), textWidth(t.params, f.text)];
    const lines = t.params ? 4 : 3;
    return {
      id: n.id,
      width: Math.ceil(Math.max(MIN_WIDTH, ...widths.map((w) => w + 2 * PAD_X + ACCENT))),
      height: lines * LINE + 2 * PAD_Y,
    };
  });
  const edges = graph.edges.map(
    (e): ElkExtendedEdge => ({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
      labels: [{ text: e.label, width: Math.ceil(textWidth(e.label, f.edge)) + 8, height: 16 }],
    }),
  );
  return { children, edges };
}

export interface DrawHandlers {
  /** A layer node was clicked. */
  reveal(node: DiagramNode): void;
  /** A nested model's expand/collapse control was clicked. */
  toggle(node: DiagramNode): void;
}

// ---- drawing -----------------------------------------------------------------------------------

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

function text(x: number, y: number, content: string, attrs: Record<string, string | number>): SVGTextElement {
  return svg('text', { x, y, ...attrs }, content);
}

function drawEdges(edges: ElkExtendedEdge[] | undefined, theme: Theme, into: SVGGElement): void {
  for (const e of edges ?? []) {
    const g = svg('g', { class: 'edge', 'data-edge': e.id });
    for (const s of e.sections ?? []) {
      const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      g.append(
        svg('path', {
          d: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' '),
          fill: 'none',
          stroke: theme.edge,
          'stroke-width': 1.25,
          'marker-end': 'url(#arrow)',
        }),
      );
    }
    for (const l of e.labels ?? []) {
      if (l.x === undefined || l.y === undefined || !l.text) continue;
      g.append(
        svg('rect', { x: l.x - 1, y: l.y, width: (l.width ?? 0) + 2, height: l.height ?? 16, rx: 3, fill: theme.background, opacity: 0.9 }),
        text(l.x + 4, l.y + 12, l.text, { class: 'edge-label', fill: theme.muted, 'font-size': FONT_EDGE, 'font-family': theme.mono }),
      );
    }
    into.append(g);
  }
}

function drawNode(laid: ElkNode, node: DiagramNode, theme: Theme, handlers: DrawHandlers, byId: Map<string, DiagramNode>): SVGGElement {
  const x = laid.x ?? 0;
  const y = laid.y ?? 0;
  const width = laid.width ?? 0;
  const height = laid.height ?? 0;
  const accent = accentOf(node, theme);
  const t = nodeText(node);
  const clickable = node.line !== undefined;
  const g = svg('g', {
    class: `node node-${node.kind}${clickable ? ' clickable' : ''}`,
    transform: `translate(${x},${y})`,
    'data-layer': node.id,
    'data-class': node.className,
    ...(node.line !== undefined ? { 'data-line': node.line, tabindex: 0, role: 'button' } : {}),
  });
  const where = node.line !== undefined ? `line ${node.line} — click to show it` : 'no source line';
  g.append(svg('title', {}, `${node.name} (${node.className}) · ${node.shape} · ${node.params.toLocaleString('en-US')} params · ${formatCount(node.flopsPerSample)} FLOPs/sample · ${where}`));

  if (node.inner) {
    const header = svg('rect', { class: 'header', width, height: HEADER, rx: 8, fill: theme.nodeBackground, opacity: 0.7 });
    if (clickable) header.addEventListener('click', () => handlers.reveal(node));
    g.append(
      svg('rect', { class: 'box', width, height, rx: 8, fill: 'none', stroke: accent, 'stroke-width': 1.25, 'stroke-dasharray': '5 4' }),
      header,
      text(PAD_X, 22, t.name, { class: 'name', fill: theme.foreground, 'font-size': FONT_NAME, 'font-weight': 600 }),
      text(PAD_X + textWidth(`${t.name}  `, fonts(theme).name), 22, `${node.className} · ${formatCount(node.params)} params`, {
        fill: theme.muted,
        'font-size': FONT_TEXT,
      }),
    );
    g.append(toggleControl(width - 26, 8, '−', `Collapse ${node.name}`, () => handlers.toggle(node), theme));
    const inner = svg('g', { class: 'inner' });
    drawEdges(laid.edges, theme, inner);
    for (const child of laid.children ?? []) {
      const childNode = byId.get(child.id);
      if (childNode) inner.append(drawNode(child, childNode, theme, handlers, byId));
    }
    g.append(inner);
    return g;
  }

  g.append(
    svg('rect', { class: 'box', width, height, rx: 6, fill: theme.nodeBackground, stroke: theme.border, 'stroke-width': 1 }),
    svg('rect', { x: 0, y: 0, width: ACCENT, height, rx: 2, fill: accent }),
  );
  let ty = PAD_Y + 13;
  const tx = PAD_X + ACCENT;
  g.append(text(tx, ty, t.name, { class: 'name', fill: theme.foreground, 'font-size': FONT_NAME, 'font-weight': 600 }));
  ty += LINE;
  g.append(text(tx, ty, t.kind, { class: 'kind', fill: theme.muted, 'font-size': FONT_TEXT }));
  ty += LINE;
  g.append(text(tx, ty, t.shape, { class: 'shape', fill: theme.foreground, 'font-size': FONT_TEXT, 'font-family': theme.mono }));
  if (t.params) {
    ty += LINE;
    g.append(text(tx, ty, t.params, { class: 'params', fill: theme.muted, 'font-size': FONT_TEXT }));
  }
  if (node.expandable) g.append(toggleControl(width - 26, 8, '+', `Expand ${node.name}`, () => handlers.toggle(node), theme));
  if (clickable) {
    g.addEventListener('click', () => handlers.reveal(node));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') handlers.reveal(node);
    });
  }
  return g;
}

function toggleControl(x: number, y: number, sign: string, label: string, onClick: () => void, theme: Theme): SVGGElement {
  const g = svg('g', { class: 'toggle', transform: `translate(${x},${y})`, role: 'button', tabindex: 0, 'aria-label': label });
  g.append(
    svg('title', {}, label),
    svg('rect', { width: 18, height: 18, rx: 4, fill: theme.background, stroke: theme.border }),
    text(9, 14, sign, { fill: theme.foreground, 'font-size': 14, 'text-anchor': 'middle' }),
  );
  const act = (e: Event): void => {
    e.stopPropagation();
    onClick();
  };
  g.addEventListener('click', act);
  g.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') act(e);
  });
  return g;
}

/** Lays out and draws the graph; resolves with the SVG element. */
export async function drawDiagram(graph: DiagramGraph, theme: Theme, handlers: DrawHandlers): Promise<SVGSVGElement> {
  const byId = new Map<string, DiagramNode>();
  const { children, edges } = toElk(graph, theme, byId);
  const laid: ElkNode = await elk.layout({ id: 'root', layoutOptions: LAYOUT, children, edges });
  const width = Math.ceil(laid.width ?? 0);
  const height = Math.ceil(laid.height ?? 0);
  const root = svg('svg', {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    'font-family': theme.font,
    class: 'diagram',
  });
  root.append(
    svg(
      'defs',
      {},
      svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: theme.edge })),
    ),
    svg('rect', { class: 'background', width, height, fill: theme.background }),
  );
  const edgesLayer = svg('g', { class: 'edges' });
  drawEdges(laid.edges, theme, edgesLayer);
  root.append(edgesLayer);
  for (const child of laid.children ?? []) {
    const node = byId.get(child.id);
    if (node) root.append(drawNode(child, node, theme, handlers, byId));
  }
  return root;
}

/** The SVG as a standalone file. */
export function svgText(element: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(element)}`;
}

/** The SVG rendered to a PNG at `scale`, as base64 (no data: prefix). */
export async function pngBase64(element: SVGSVGElement, scale = 2): Promise<string> {
  const width = Number(element.getAttribute('width'));
  const height = Number(element.getAttribute('height'));
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the diagram could not be rendered as an image'));
  });
  const bytes = new TextEncoder().encode(new XMLSerializer().serializeToString(element));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
  await loaded;
  const c = document.createElement('canvas');
  c.width = Math.ceil(width * scale);
  c.height = Math.ceil(height * scale);
  const ctx = c.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas in this webview');
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0);
  return c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
