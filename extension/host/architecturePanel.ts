// DeepDrill: Show Model Architecture. One webview panel per window, beside the editor, about
// one file at a time: the file's model is built in a worker without training (describeModel),
// and drawn by the webview. It is described again when the file is saved; clicking a layer
// reveals the line that created it; the drawing can be saved as SVG or PNG.
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import {
  isArchitectureToHost,
  type ArchitectureStateMessage,
  type ArchitectureToHost,
  type ArchitectureView,
  type ExportMessage,
} from '../shared/architectureProtocol';
import { describeModel } from '../shared/describeModel';
import type { RunError } from '../shared/workerProtocol';
import type { Ctx } from './ctx';
import { explainUntrusted, isModelPath, openDocument } from './modelFiles';
import { webviewHtml } from './webviewHtml';

export const ARCHITECTURE_VIEW_TYPE = 'deepdrill.architecture';
export const SHOW_ARCHITECTURE_COMMAND = 'deepdrill.showArchitecture';

const UNTRUSTED_MESSAGE =
  'DeepDrill draws a model by running its file, and this workspace is not trusted, so nothing was run. Trust the workspace to see the architecture.';

/** What the webview keeps with `setState`, handed back by the serializer after a reload. */
interface PersistedState {
  file?: string;
}

export function architectureTitle(file: string): string {
  return `Architecture · ${basename(file)}`;
}

/** The command, the panel it opens, and the serializer that restores it after a reload. */
export class ArchitectureFeature implements vscode.Disposable {
  private panel: ArchitecturePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.commands.registerCommand(SHOW_ARCHITECTURE_COMMAND, (uri?: unknown) => this.showArchitecture(uri instanceof vscode.Uri ? uri : undefined)),
      vscode.window.registerWebviewPanelSerializer(ARCHITECTURE_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
          const file = (state as PersistedState | undefined)?.file;
          if (typeof file !== 'string') {
            webviewPanel.dispose();
            return;
          }
          this.adopt(new ArchitecturePanel(webviewPanel, ctx, file));
        },
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.panel && doc.uri.scheme === 'file' && doc.uri.fsPath === this.panel.file) this.panel.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.panel?.refresh()),
    );
  }

  /** The editor's file (or the one a CodeLens or the metrics panel passes), drawn beside it. */
  async showArchitecture(uri?: vscode.Uri): Promise<void> {
    const doc = uri ? await openDocument(uri) : vscode.window.activeTextEditor?.document;
    const file = doc?.uri.scheme === 'file' ? doc.uri.fsPath : uri?.scheme === 'file' ? uri.fsPath : this.panel?.file;
    if (!file) {
      void vscode.window.showInformationMessage(
        'Open a TypeScript or JavaScript file that builds a TensorFlow.js model, then run DeepDrill: Show Model Architecture.',
      );
      return;
    }
    if (!isModelPath(file)) {
      void vscode.window.showInformationMessage(`DeepDrill draws models of TypeScript or JavaScript files; ${basename(file)} is not one.`);
      return;
    }
    if (!vscode.workspace.isTrusted) {
      void explainUntrusted(UNTRUSTED_MESSAGE);
    }
    if (this.panel) {
      this.panel.showFile(file);
      this.panel.reveal();
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      ARCHITECTURE_VIEW_TYPE,
      architectureTitle(file),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {},
    );
    this.adopt(new ArchitecturePanel(webviewPanel, this.ctx, file));
  }

  private adopt(panel: ArchitecturePanel): void {
    this.panel?.dispose();
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

class ArchitecturePanel {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private view: ArchitectureView = { kind: 'loading' };
  /** The last failure in full: its file may be a helper the model file imports. */
  private lastError: RunError | undefined;
  private describing: AbortController | undefined;
  readonly onDidDispose: vscode.Event<void>;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly ctx: Ctx,
    private currentFile: string,
  ) {
    this.onDidDispose = panel.onDidDispose;
    const root = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    panel.webview.html = webviewHtml(panel.webview, root, { bundle: 'architecture', title: 'DeepDrill Architecture' });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down; it asks for the state again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
    this.refresh();
  }

  get file(): string {
    return this.currentFile;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  showFile(file: string): void {
    if (file === this.currentFile && this.view.kind !== 'failed') return;
    this.currentFile = file;
    this.panel.title = architectureTitle(file);
    this.refresh();
  }

  /** Describes the file again (its editor text when open, unsaved edits included). */
  refresh(): void {
    this.describing?.abort();
    this.lastError = undefined;
    if (!vscode.workspace.isTrusted) {
      this.setView({ kind: 'failed', error: { kind: 'backend', message: UNTRUSTED_MESSAGE } });
      return;
    }
    const file = this.currentFile;
    const controller = new AbortController();
    this.describing = controller;
    this.setView({ kind: 'loading' });
    void this.describe(file, controller.signal).then((view) => {
      if (this.describing !== controller || this.disposed) return;
      this.describing = undefined;
      this.setView(view);
    });
  }

  private async describe(file: string, signal: AbortSignal): Promise<ArchitectureView> {
    let source: string;
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
      source = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
    } catch (err) {
      return { kind: 'failed', error: { kind: 'runtime', message: `Could not read ${basename(file)}: ${err instanceof Error ? err.message : String(err)}` } };
    }
    const started = Date.now();
    const outcome = await describeModel(file, source, {
      workerPath: this.ctx.extension.asAbsolutePath('dist/worker.js'),
      workspaceRoot: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath,
      signal,
      onLog: (e) => {
        if (e.level === 'error') this.ctx.log.error(`[architecture] ${e.text}`);
        else if (e.level === 'warn') this.ctx.log.warn(`[architecture] ${e.text}`);
      },
    });
    if (outcome.ok) {
      this.ctx.log.info(`Architecture of ${basename(file)}: ${outcome.summary.layers.length} layers, built in ${Date.now() - started} ms.`);
      return { kind: 'ready', summary: outcome.summary };
    }
    const e = outcome.error;
    if (e.kind !== 'stopped') this.ctx.log.error(`Architecture of ${basename(file)}: ${e.message}${e.stack ? `\n${e.stack}` : ''}`);
    // An error in an imported helper has no line in this file: the panel shows the message.
    const inThisFile = e.file === undefined || e.file === file;
    this.lastError = e;
    return {
      kind: 'failed',
      error: { kind: e.kind, message: inThisFile ? e.message : `${e.message} (in ${basename(e.file ?? file)})`, line: e.line, hint: e.hint },
    };
  }

  private setView(view: ArchitectureView): void {
    this.view = view;
    this.post();
  }

  private post(): void {
    if (!this.ready || this.disposed) return;
    const message: ArchitectureStateMessage = { type: 'state', file: this.currentFile, fileName: basename(this.currentFile), view: this.view };
    void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isArchitectureToHost(message)) {
      this.ctx.log.warn(`Ignored a malformed message from the architecture panel: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    this.handle(message);
  }

  private handle(message: ArchitectureToHost): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        return;
      case 'refresh':
        this.refresh();
        return;
      case 'revealLine': {
        const e = this.lastError;
        const file = e && e.line === message.line && e.file ? e.file : this.currentFile;
        void this.revealLine(file, message.line);
        return;
      }
      case 'export':
        void this.export(message);
        return;
    }
  }

  /** Opens the file in the editor column it is shown in (else the first) with the cursor on the line. */
  private async revealLine(file: string, line: number): Promise<void> {
    const doc = await openDocument(vscode.Uri.file(file));
    if (!doc) return;
    const target = doc.lineAt(Math.min(line - 1, doc.lineCount - 1));
    const start = target.range.start.translate(0, target.firstNonWhitespaceCharacterIndex);
    const visible = vscode.window.visibleTextEditors.find((ed) => ed.document === doc);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Selection(start, start),
      preview: false,
    });
    editor.revealRange(target.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async export(message: ExportMessage): Promise<void> {
    const stem = basename(this.currentFile, extname(this.currentFile));
    const target = await vscode.window.showSaveDialog({
      title: `Save the architecture of ${basename(this.currentFile)}`,
      defaultUri: vscode.Uri.file(join(dirname(this.currentFile), `${stem}-architecture.${message.format}`)),
      filters: message.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    });
    if (!target) return;
    const bytes = message.format === 'svg' ? new TextEncoder().encode(message.data) : Buffer.from(message.data, 'base64');
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
      this.ctx.log.info(`Saved the architecture of ${basename(this.currentFile)} to ${target.fsPath}.`);
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not save ${target.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.describing?.abort();
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
