// Everything the extension holds while it is active, built once by activate() and disposed
// with it. Nothing here starts a process: the worker starts when the user trains.
import * as vscode from 'vscode';
import { historySize } from './config';
import { DrillFeature } from './drillFeature';
import { HistoryStore } from './historyStore';
import { MetricsPanels } from './metricsPanel';
import { runDiagnostics } from './runDiagnostics';
import { TrainingSession } from './session';
import { RunStatusBar } from './statusBar';

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly history: HistoryStore;
  readonly session: TrainingSession;
  readonly panels: MetricsPanels;
  readonly drills: DrillFeature;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('DeepDrill', { log: true });
    this.history = new HistoryStore(extension.globalStorageUri.fsPath, this.log, (message) => void vscode.window.showWarningMessage(message));
    this.session = new TrainingSession(extension.asAbsolutePath('dist/worker.js'), this.log, this.history, historySize);
    this.panels = new MetricsPanels({ extensionUri: extension.extensionUri, session: this.session, history: this.history, log: this.log });
    this.disposables.push(
      this.log,
      this.session,
      this.panels,
      new RunStatusBar(this.session),
      runDiagnostics(this.session),
      this.session.onDidChangeRun(() => this.setTrainingContext(this.session.busy)),
    );
    this.drills = new DrillFeature(extension, this.log);
    this.disposables.push(this.drills);
  }

  private training = false;
  private setTrainingContext(training: boolean): void {
    if (training === this.training) return;
    this.training = training;
    void vscode.commands.executeCommand('setContext', 'deepdrill.training', training);
  }

  push(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  /** Stops any run and saves the history; awaited by deactivate(). */
  async shutdown(): Promise<void> {
    await this.session.shutdown();
    await this.history.flush();
  }

  dispose(): void {
    // Last in, first out: listeners go before what they listen to.
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
