// The metrics panel: one webview panel per window, beside the editor, about one file at a time.
// The webview draws from a snapshot it asks for when it (re)loads, then folds the streamed
// worker events itself; so it needs no retainContextWhenHidden and survives a window reload
// through the serializer.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isMetricsToHost, type HostToMetrics, type RunEventMessage, type SnapshotMessage } from '../shared/metricsProtocol';
import type { RunRecord } from '../shared/runModel';
import type { HistoryStore } from './historyStore';
import type { TrainingSession } from './session';
import { webviewHtml } from './webviewHtml';

export const METRICS_VIEW_TYPE = 'deepdrill.metrics';

/** What the webview keeps with `setState`, handed back by the serializer after a reload. */
interface PersistedState {
  file?: string;
}

interface PanelDeps {
  extensionUri: vscode.Uri;
  session: TrainingSession;
  history: HistoryStore;
  log: vscode.LogOutputChannel;
}

export function panelTitle(file: string): string {
  return `DeepDrill Metrics · ${basename(file)}`;
}

/** Owns the (at most one) metrics panel and keeps it fed with the session's runs. */
export class MetricsPanels implements vscode.Disposable {
  private panel: MetricsPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: PanelDeps) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(METRICS_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
          const file = typeof (state as PersistedState | undefined)?.file === 'string' ? (state as PersistedState).file : undefined;
          await deps.history.load();
          this.adopt(new MetricsPanel(webviewPanel, deps, file));
        },
      }),
      deps.session.onDidStartRun((run) => this.panel?.showFile(run.file)),
      deps.session.onDidEvent((message) => this.panel?.forward(message)),
    );
  }

  /** Shows the panel (creating it beside the editor) about `file`, or about what it shows already. */
  show(file: string | undefined, options: { preserveFocus: boolean }): void {
    if (this.panel) {
      if (file) this.panel.showFile(file);
      this.panel.reveal(options.preserveFocus);
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      METRICS_VIEW_TYPE,
      file ? panelTitle(file) : 'DeepDrill Metrics',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus },
      {},
    );
    this.adopt(new MetricsPanel(webviewPanel, this.deps, file));
  }

  /** The file of the metrics panel when it is the active editor tab. */
  activeFile(): string | undefined {
    return this.panel?.active ? this.panel.file : undefined;
  }

  private adopt(panel: MetricsPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.subscriptions.forEach((d) => d.dispose());
  }
}

class MetricsPanel {
  private readonly disposables: vscode.Disposable[] = [];
  /** The webview's script has loaded and asked for a snapshot: events may flow. */
  private ready = false;
  private disposed = false;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    private currentFile: string | undefined,
  ) {
    this.onDidDispose = panel.onDidDispose;
    const root = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = webviewHtml(panel.webview, root, { bundle: 'metrics', title: 'DeepDrill Metrics' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down; it asks for a new snapshot when it is shown again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
  }

  get file(): string | undefined {
    return this.currentFile;
  }

  get active(): boolean {
    return this.panel.active;
  }

  reveal(preserveFocus: boolean): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Switches the panel to a file (a new run starting counts: its snapshot has the new run). */
  showFile(file: string): void {
    this.currentFile = file;
    this.panel.title = panelTitle(file);
    this.sendSnapshot();
  }

  forward(message: RunEventMessage): void {
    const current = this.deps.session.currentRun;
    if (!current || current.id !== message.runId || current.file !== this.file) return;
    this.post(message);
  }

  private receive(message: unknown): void {
    if (!isMetricsToHost(message)) {
      this.deps.log.warn(`Ignored a malformed message from the metrics panel: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendSnapshot();
        return;
      case 'stop':
        void vscode.commands.executeCommand('deepdrill.stop');
        return;
      case 'retrain':
        if (this.file) void vscode.commands.executeCommand('deepdrill.train', vscode.Uri.file(this.file));
        return;
      case 'showArchitecture':
        if (this.file) void vscode.commands.executeCommand('deepdrill.showArchitecture', vscode.Uri.file(this.file));
        return;
    }
  }

  private snapshot(file: string): SnapshotMessage {
    const running = this.deps.session.currentRun;
    const saved = this.deps.history.runs(file);
    const current: RunRecord | undefined = running && running.file === file ? running : saved[0];
    return {
      type: 'snapshot',
      file,
      fileName: basename(file),
      current,
      history: saved.filter((r) => r.id !== current?.id),
    };
  }

  private sendSnapshot(): void {
    if (!this.currentFile) {
      const running = this.deps.session.currentRun;
      if (!running) return;
      this.currentFile = running.file;
      this.panel.title = panelTitle(running.file);
    }
    this.post(this.snapshot(this.currentFile));
  }

  private post(message: HostToMetrics): void {
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(message);
  }


  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
