// The metrics panel's script. It draws from the snapshot the host sends when the panel loads,
// then folds the streamed worker events with the same `applyEvent` the host uses, so the
// panel and the host always agree. Redraws are batched to one per animation frame.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import 'uplot/dist/uPlot.min.css';
import '../shared/panel.css';
import './metrics.css';
import { batchChart, epochCharts, epochTable, type ChartModel } from '../../extension/shared/chartData';
import type { HostToMetrics } from '../../extension/shared/metricsProtocol';
import { applyEvent, type FitRecord, type RunRecord } from '../../extension/shared/runModel';
import { formatDuration, formatMetric, noFitNote, runEtaMs, statusText } from '../../extension/shared/runText';
import { LineChart, readTheme } from './charts';
import { vscodeApi, type PanelState } from './vscodeApi';
import { el, fact } from '../shared/dom';

const vscode = vscodeApi();
const DEFAULT_SMOOTHING = 0.6;

interface Model {
  file?: string;
  fileName?: string;
  current?: RunRecord;
  history: RunRecord[];
}

let model: Model = { history: [] };
let settings: PanelState = { smoothing: DEFAULT_SMOOTHING, showEarlier: true, ...vscode.getState() };
/** Set when run data changed since the charts were last drawn. */
let chartsDirty = true;
let frame: number | undefined;

// ---- DOM -------------------------------------------------------------------------------------

const stopButton = el('vscode-button', { id: 'stop', disabled: '' }, 'Stop');
const retrainButton = el('vscode-button', { id: 'retrain', secondary: '', disabled: '' }, 'Train Again');
const architectureButton = el('vscode-button', { id: 'architecture', secondary: '', title: 'Show the model architecture of this file' }, 'Architecture');
const smoothing = el('input', { id: 'smoothing', type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-label': 'Smoothing' });
const smoothingValue = el('output', { id: 'smoothing-value', for: 'smoothing' });
// The label as content: vscode-checkbox 2.5 did not render its `label` attribute here.
const showEarlier = el('vscode-checkbox', { id: 'show-earlier' }, 'Earlier runs');
const batchHost = el('div', { id: 'batch-chart', class: 'chart' });
const epochHost = el('div', { id: 'epoch-charts', class: 'chart-grid' });
const table = el('table', { id: 'epochs' }, el('thead'), el('tbody'));
// Per-epoch metrics exist only once an epoch ends; a long first epoch would show bare headings.
const noEpochYet = el('p', { class: 'placeholder' }, 'Per-epoch metrics appear here when the first epoch ends.');
const errorBox = el('div', { id: 'error', class: 'error', role: 'alert', hidden: '' });
const noFit = el('p', { id: 'no-fit', class: 'empty', hidden: '' });
const empty = el('p', { id: 'empty', class: 'empty' }, 'No run of this file yet. Run “DeepDrill: Train Current Model” on it to see its metrics here.');
const batchCard = el(
  'section',
  { class: 'card' },
  el('div', { class: 'card-head' }, el('h2', {}, 'Loss per batch'), el('label', { class: 'smoothing' }, 'Smoothing', smoothing, smoothingValue)),
  batchHost,
);
const content = el(
  'div',
  { id: 'content' },
  batchCard,
  el('section', { class: 'card' }, el('div', { class: 'card-head' }, el('h2', {}, 'Per epoch'), showEarlier), noEpochYet, epochHost),
  el('section', { class: 'card', id: 'epochs-card' }, el('h2', {}, 'Epochs'), el('div', { class: 'table-wrap' }, table)),
);

document.getElementById('app')!.append(
  el(
    'header',
    {},
    el('div', { class: 'title-row' }, el('h1', { id: 'file-name' }, 'DeepDrill Metrics'), el('span', { id: 'status', class: 'status' }, 'No run yet')),
    el('div', { class: 'facts' }, fact('Backend', 'backend'), fact('Elapsed', 'elapsed'), fact('ETA', 'eta'), fact('Samples/s', 'throughput')),
    el('div', { class: 'actions' }, stopButton, retrainButton, architectureButton),
  ),
  errorBox,
  empty,
  noFit,
  content,
);

function text(id: string, value: string): void {
  const node = document.getElementById(id)!;
  if (node.textContent !== value) node.textContent = value;
}

// ---- controls --------------------------------------------------------------------------------

smoothing.value = String(settings.smoothing);
smoothingValue.textContent = settings.smoothing.toFixed(2);
showEarlier.checked = settings.showEarlier;

function saveSettings(): void {
  vscode.setState({ ...settings, file: model.file });
}

smoothing.addEventListener('input', () => {
  settings = { ...settings, smoothing: Number(smoothing.value) };
  smoothingValue.textContent = settings.smoothing.toFixed(2);
  saveSettings();
  chartsDirty = true;
  schedule();
});
showEarlier.addEventListener('change', () => {
  settings = { ...settings, showEarlier: showEarlier.checked };
  saveSettings();
  chartsDirty = true;
  schedule();
});
stopButton.addEventListener('click', () => {
  if (!stopButton.disabled) vscode.postMessage({ type: 'stop' });
});
architectureButton.addEventListener('click', () => vscode.postMessage({ type: 'showArchitecture' }));
retrainButton.addEventListener('click', () => {
  if (!retrainButton.disabled) vscode.postMessage({ type: 'retrain' });
});

// ---- charts ----------------------------------------------------------------------------------

let theme = readTheme();
const batch = new LineChart(batchHost, theme);
const epochs = new Map<string, { card: HTMLElement; chart: LineChart }>();

// VS Code switches the body's theme class (vscode-light, vscode-dark, vscode-high-contrast…).
new MutationObserver(() => {
  theme = readTheme();
  batch.setTheme(theme);
  for (const { chart } of epochs.values()) chart.setTheme(theme);
  chartsDirty = true;
  schedule();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

function drawEpochCharts(models: ChartModel[]): void {
  const wanted = new Set(models.map((m) => m.id));
  for (const [id, { card, chart }] of epochs) {
    if (wanted.has(id)) continue;
    chart.destroy();
    card.remove();
    epochs.delete(id);
  }
  for (const m of models) {
    let entry = epochs.get(m.id);
    if (!entry) {
      const plot = el('div', { class: 'chart' });
      const card = el('div', { class: 'epoch-chart', 'data-metric': m.title }, el('h3', {}, m.title), plot);
      epochHost.append(card);
      entry = { card, chart: new LineChart(plot, theme) };
      epochs.set(m.id, entry);
    }
    entry.chart.update(m);
  }
}

function drawCharts(): void {
  const earlier = settings.showEarlier ? model.history : [];
  // A run that ended before its first batch (a syntax or shape error) has no loss to draw; an
  // empty chart would only show the axes of earlier runs.
  const run = model.current;
  batchCard.hidden = !!run && run.status.kind !== 'running' && !run.fits.some((f) => f && f.batchLoss.length > 0);
  if (!batchCard.hidden) batch.update(batchChart(run, earlier, settings.smoothing));
  const charts = epochCharts(model.current, earlier);
  noEpochYet.hidden = !run || run.fits.some((f) => f && f.epochLogs.length > 0);
  drawEpochCharts(charts);
}

// ---- table -----------------------------------------------------------------------------------

let tableKey = '';

function drawTable(): void {
  const t = epochTable(model.current);
  const key = `${model.current?.id}|${t.columns.join(',')}|${t.showFit}|${t.rows.length}`;
  if (key === tableKey) return;
  tableKey = key;
  const head = [...(t.showFit ? ['Fit'] : []), 'Epoch', ...t.columns];
  table.tHead!.replaceChildren(el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h))));
  table.tBodies[0].replaceChildren(
    ...t.rows.map((row) =>
      el(
        'tr',
        {},
        ...(t.showFit ? [el('td', {}, String(row.fit))] : []),
        el('td', {}, String(row.epoch)),
        ...row.values.map((v) => el('td', {}, formatMetric(v))),
      ),
    ),
  );
}

// ---- header ----------------------------------------------------------------------------------

function lastFit(run: RunRecord): FitRecord | undefined {
  const fits = run.fits.filter((f): f is FitRecord => f !== undefined && f !== null);
  return fits[fits.length - 1];
}

function drawHeader(): void {
  const run = model.current;
  const running = run?.status.kind === 'running';
  text('file-name', model.fileName ?? 'DeepDrill Metrics');
  text('status', statusText(run));
  document.getElementById('status')!.dataset.kind = run?.status.kind ?? 'none';
  text('backend', run?.backend ? `${run.backend}${run.backendDetail ? ` · ${run.backendDetail}` : ''}` : '–');
  const now = Date.now();
  text('elapsed', run ? formatDuration(run.durationMs ?? now - run.startedAt) : '–');
  const eta = run && running ? runEtaMs(run, now) : undefined;
  text('eta', eta === undefined ? '–' : formatDuration(eta));
  const sps = run ? lastFit(run)?.samplesPerSec : undefined;
  text('throughput', sps === undefined ? '–' : Math.round(sps).toLocaleString('en-US'));
  stopButton.disabled = !running;
  retrainButton.disabled = running || !model.file;
  empty.hidden = run !== undefined || model.file === undefined;
  // A run that failed before its first fit has nothing to chart: the error box says it all.
  content.hidden = run === undefined || run.fits.length === 0;
  const note = noFitNote(run);
  noFit.hidden = note === undefined;
  if (note !== undefined) text('no-fit', note);
  showEarlier.hidden = model.history.length === 0;
  const earlierLabel = `Earlier runs, dashed (${model.history.length})`;
  if (showEarlier.getAttribute('label') !== earlierLabel) showEarlier.setAttribute('label', earlierLabel);

  if (run?.status.kind === 'failed') {
    const error = run.status.error;
    const where = error.line !== undefined ? ` (${(error.file ?? run.file).split(/[\\/]/).pop()}:${error.line})` : '';
    errorBox.replaceChildren(el('strong', {}, `${error.message}${where}`), ...(error.hint ? [el('div', {}, error.hint)] : []));
    errorBox.hidden = false;
  } else {
    errorBox.hidden = true;
  }
}

// ---- render loop -----------------------------------------------------------------------------

function render(): void {
  frame = undefined;
  drawHeader();
  if (chartsDirty && model.current) {
    chartsDirty = false;
    drawCharts();
    drawTable();
  }
}

function schedule(): void {
  frame ??= requestAnimationFrame(render);
}

// Elapsed time and ETA move between events.
setInterval(() => {
  if (model.current?.status.kind === 'running') schedule();
}, 1000);

window.addEventListener('message', (e: MessageEvent<HostToMetrics>) => {
  const message = e.data;
  if (message.type === 'snapshot') {
    model = { file: message.file, fileName: message.fileName, current: message.current, history: message.history };
    tableKey = '';
    saveSettings();
  } else if (message.type === 'event') {
    if (!model.current || model.current.id !== message.runId) return;
    model = { ...model, current: applyEvent(model.current, message.event, message.at) };
  } else {
    return;
  }
  chartsDirty = true;
  schedule();
});

vscode.postMessage({ type: 'ready' });
