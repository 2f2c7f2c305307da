// The architecture panel's script: draws the state the host sends — the model's diagram with its
// totals, the "building" note, or the error with its line — and sends back clicks (show a
// layer's line), refreshes and exports.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '../shared/panel.css';
import './architecture.css';
import { allNodeIds, diagramGraph, type DiagramNode } from '../../extension/shared/architectureGraph';
import { isHostToArchitecture, type ArchitectureStateMessage } from '../../extension/shared/architectureProtocol';
import { formatBytes, formatCount } from '../../extension/shared/layerFlops';
import type { ModelSummary } from '../../extension/shared/modelSummary';
import { drawDiagram, pngBase64, readTheme, svgText } from './diagram';
import { vscodeApi, type ArchitecturePanelState } from './vscodeApi';
import { el, fact } from '../shared/dom';

const vscode = vscodeApi();
let panelState: ArchitecturePanelState = { collapsed: [], ...vscode.getState() };
let state: ArchitectureStateMessage | undefined;
/** The summary drawn last: kept on screen, dimmed, while the model is built again. */
let shown: ModelSummary | undefined;
let drawing = 0;

const title = el('h1', { id: 'file-name' }, 'Model architecture');
const status = el('span', { id: 'status', class: 'status' }, 'Building…');
const refreshButton = el('vscode-button', { id: 'refresh', secondary: '' }, 'Refresh');
const svgButton = el('vscode-button', { id: 'export-svg', secondary: '', disabled: '' }, 'Export SVG');
const pngButton = el('vscode-button', { id: 'export-png', secondary: '', disabled: '' }, 'Export PNG');
const totals = el(
  'div',
  { class: 'facts', id: 'totals' },
  fact('Parameters', 'total-params'),
  fact('Trainable', 'trainable-params'),
  fact('Non-trainable', 'non-trainable-params'),
  fact('FLOPs / sample', 'flops'),
  fact('Weight memory', 'weight-memory'),
);
const errorMessage = el('p', { class: 'error-message' });
const errorHint = el('p', { class: 'error-hint' });
const showLineButton = el('vscode-button', { id: 'show-line' }, 'Show line');
const errorBox = el('div', { id: 'error', class: 'error', role: 'alert', hidden: '' }, errorMessage, errorHint, showLineButton);
const loading = el('p', { id: 'loading', class: 'placeholder' }, 'Building the model (without training it)…');
const diagramHost = el('div', { id: 'diagram', class: 'diagram-host' });

document.getElementById('app')!.append(
  el(
    'header',
    {},
    el('div', { class: 'title-row' }, title, status),
    el('div', { class: 'actions' }, refreshButton, svgButton, pngButton),
    totals,
  ),
  errorBox,
  loading,
  diagramHost,
);

function setText(id: string, value: string): void {
  const node = document.getElementById(id);
  if (node && node.textContent !== value) node.textContent = value;
}

function setEnabled(button: HTMLElement, enabled: boolean): void {
  if (enabled) button.removeAttribute('disabled');
  else button.setAttribute('disabled', '');
}

function save(): void {
  vscode.setState({ ...panelState, file: state?.file });
}

// ---- drawing ---------------------------------------------------------------------------------

async function redraw(): Promise<void> {
  const summary = shown;
  const ticket = ++drawing;
  if (!summary) {
    diagramHost.replaceChildren();
    return;
  }
  const collapsed = new Set(panelState.collapsed);
  const graph = diagramGraph(summary, (id) => collapsed.has(id));
  try {
    const svg = await drawDiagram(graph, readTheme(), {
      reveal: (node: DiagramNode) => {
        if (node.line !== undefined) vscode.postMessage({ type: 'revealLine', line: node.line });
      },
      toggle: (node: DiagramNode) => {
        const next = new Set(panelState.collapsed);
        if (next.has(node.id)) next.delete(node.id);
        else next.add(node.id);
        // Forget models that are no longer in the diagram.
        const known = new Set(allNodeIds(diagramGraph(summary)));
        panelState = { ...panelState, collapsed: [...next].filter((id) => known.has(id)) };
        save();
        void redraw();
      },
    });
    if (ticket !== drawing) return;
    diagramHost.replaceChildren(svg);
  } catch (err) {
    if (ticket !== drawing) return;
    diagramHost.replaceChildren(el('p', { class: 'error-message' }, `The diagram could not be laid out: ${err instanceof Error ? err.message : String(err)}`));
  }
}

function showTotals(summary: ModelSummary | undefined): void {
  totals.hidden = !summary;
  if (!summary) return;
  const t = summary.totals;
  setText('total-params', t.params.toLocaleString('en-US'));
  setText('trainable-params', t.trainableParams.toLocaleString('en-US'));
  setText('non-trainable-params', t.nonTrainableParams.toLocaleString('en-US'));
  setText('flops', `${formatCount(t.flopsPerSample)}`);
  setText('weight-memory', formatBytes(t.weightBytes));
  document.getElementById('flops')!.title = `${t.flopsPerSample.toLocaleString('en-US')} floating-point operations per sample (a multiply-add counts 2)`;
  document.getElementById('weight-memory')!.title = `${t.weightBytes.toLocaleString('en-US')} bytes of float32 weights`;
}

function render(message: ArchitectureStateMessage): void {
  const fileChanged = state?.file !== message.file;
  state = message;
  save();
  title.textContent = `Architecture · ${message.fileName}`;
  const view = message.view;
  if (fileChanged && view.kind !== 'ready') shown = undefined;
  status.dataset.kind = view.kind;
  errorBox.hidden = view.kind !== 'failed';
  loading.hidden = !(view.kind === 'loading' && !shown);
  diagramHost.classList.toggle('stale', view.kind !== 'ready');
  switch (view.kind) {
    case 'loading':
      status.textContent = 'Building…';
      break;
    case 'failed':
      status.textContent = 'Failed';
      errorMessage.textContent = view.error.line !== undefined ? `Line ${view.error.line}: ${view.error.message}` : view.error.message;
      errorHint.textContent = view.error.hint ?? '';
      errorHint.hidden = !view.error.hint;
      showLineButton.hidden = view.error.line === undefined;
      break;
    case 'ready': {
      const s = view.summary;
      status.textContent = `${s.className} · ${s.layers.length} layers`;
      shown = s;
      break;
    }
  }
  setEnabled(svgButton, view.kind === 'ready');
  setEnabled(pngButton, view.kind === 'ready');
  showTotals(shown);
  void redraw();
}

// ---- controls --------------------------------------------------------------------------------

refreshButton.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
showLineButton.addEventListener('click', () => {
  const view = state?.view;
  if (view?.kind === 'failed' && view.error.line !== undefined) vscode.postMessage({ type: 'revealLine', line: view.error.line });
});
svgButton.addEventListener('click', () => {
  const svg = diagramHost.querySelector('svg');
  if (svg && !svgButton.hasAttribute('disabled')) vscode.postMessage({ type: 'export', format: 'svg', data: svgText(svg) });
});
pngButton.addEventListener('click', () => {
  const svg = diagramHost.querySelector('svg');
  if (!svg || pngButton.hasAttribute('disabled')) return;
  pngBase64(svg).then(
    (data) => vscode.postMessage({ type: 'export', format: 'png', data }),
    (err: unknown) => {
      errorBox.hidden = false;
      errorMessage.textContent = `Could not export a PNG: ${err instanceof Error ? err.message : String(err)}`;
      errorHint.hidden = true;
      showLineButton.hidden = true;
    },
  );
});

// VS Code switches the body's theme class (vscode-light, vscode-dark, vscode-high-contrast…).
new MutationObserver(() => void redraw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToArchitecture(event.data)) render(event.data);
});
vscode.postMessage({ type: 'ready' });
