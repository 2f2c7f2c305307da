// "▶ Check · 💡 Hint · Show Solution" at the top of a practice file, and the context key the
// Check keybinding and the editor menus use (`deepdrill.drillFile`: the active editor is one).
import * as vscode from 'vscode';
import type { DrillService } from './drillService';

export const DRILL_FILE_CONTEXT = 'deepdrill.drillFile';

export class DrillCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private inDrill: boolean | undefined;

  constructor(private readonly service: DrillService) {
    this.disposables.push(
      this.changed,
      vscode.languages.registerCodeLensProvider([{ language: 'typescript' }, { scheme: 'file', pattern: '**/*.ts' }], this),
      service.onDidChange(() => this.changed.fire()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc === vscode.window.activeTextEditor?.document) this.updateContext();
      }),
    );
    this.updateContext();
  }

  private updateContext(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const inDrill = doc !== undefined && this.service.drillOf(doc) !== undefined;
    if (inDrill === this.inDrill) return;
    this.inDrill = inDrill;
    void vscode.commands.executeCommand('setContext', DRILL_FILE_CONTEXT, inDrill);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const id = this.service.drillOf(doc);
    if (!id) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const checking = this.service.isChecking(id);
    return [
      new vscode.CodeLens(top, {
        title: checking ? '$(sync~spin) Checking…' : '$(play) Check',
        tooltip: 'Grade this file against the drill’s checks (Ctrl+Alt+Enter)',
        command: checking ? '' : 'deepdrill.drills.check',
        arguments: [doc.uri],
      }),
      new vscode.CodeLens(top, { title: '$(lightbulb) Hint', tooltip: 'A hint (the attempt then rates Hard at best)', command: 'deepdrill.drills.hint', arguments: [id] }),
      new vscode.CodeLens(top, { title: 'Show Solution', tooltip: 'The reference solution (the attempt then rates Again)', command: 'deepdrill.drills.showSolution', arguments: [id] }),
    ];
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
