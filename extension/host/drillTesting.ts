// Check results where VS Code users look for test results: Test Explorer (one TestItem per
// check of a drill, under the drill's item; its run profile runs Check) and the Problems panel
// (failed checks as diagnostics at their lines). Both follow the DrillService's check events,
// so a Check from the command, the CodeLens, the panel or Test Explorer shows everywhere.
import * as vscode from 'vscode';
import { failureMarks, failureText } from '../shared/drillResults';
import type { CheckResult } from '../shared/graderProtocol';
import type { DrillService } from './drillService';

export const TEST_CONTROLLER_ID = 'deepdrill.drills';

export class DrillTesting implements vscode.Disposable {
  private readonly controller: vscode.TestController;
  private readonly diagnostics: vscode.DiagnosticCollection;
  /** The TestRun reporting each drill's check in progress. */
  private readonly runs = new Map<string, { run: vscode.TestRun; ownsRun: boolean }>();
  /** Test Explorer asked for these: its own run, ended by the profile's handler. */
  private readonly requested = new Map<string, vscode.TestRun>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly service: DrillService,
    runCheck: (drillId: string) => Promise<void>,
  ) {
    this.controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, 'DeepDrill Drills');
    this.diagnostics = vscode.languages.createDiagnosticCollection('deepdrill-drills');
    this.controller.createRunProfile(
      'Check',
      vscode.TestRunProfileKind.Run,
      async (request, token) => {
        const ids = new Set<string>();
        const items = request.include ?? [...this.itemsOf(this.controller.items)];
        for (const item of items) ids.add(this.drillOfItem(item));
        const run = this.controller.createTestRun(request, 'Check', false);
        for (const id of ids) {
          if (token.isCancellationRequested) break;
          this.requested.set(id, run);
          try {
            await runCheck(id);
          } finally {
            this.requested.delete(id);
          }
        }
        run.end();
      },
      true,
    );
    this.disposables.push(
      this.controller,
      this.diagnostics,
      service.onDidStartCheck(({ drill, file }) => this.started(drill, file)),
      service.onDidCheck(({ drill, index, result }) => this.result(drill, index, result)),
      service.onDidEndCheck(({ drill, outcome }) => {
        const current = this.runs.get(drill);
        this.runs.delete(drill);
        if (outcome.kind === 'error') {
          const item = this.controller.items.get(drill);
          if (item && current) current.run.errored(item, new vscode.TestMessage(outcome.message));
        }
        if (outcome.kind === 'graded') this.mark(drill, outcome.report.checks);
        if (current?.ownsRun) current.run.end();
      }),
      // A practice file's problems go when the file is edited: they describe the text that was graded.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.diagnostics.has(e.document.uri)) this.diagnostics.delete(e.document.uri);
      }),
    );
  }

  private *itemsOf(collection: vscode.TestItemCollection): Iterable<vscode.TestItem> {
    for (const [, item] of collection) yield item;
  }

  private drillOfItem(item: vscode.TestItem): string {
    return item.parent ? item.parent.id : item.id;
  }

  /** The drill's item (created on first use), pointing at its practice file. */
  drillItem(id: string, file: string): vscode.TestItem {
    const uri = vscode.Uri.file(file);
    let item = this.controller.items.get(id);
    if (!item || item.uri?.fsPath !== uri.fsPath) {
      const children = item ? [...this.itemsOf(item.children)] : [];
      item = this.controller.createTestItem(id, this.service.drill(id)?.meta.title ?? id, uri);
      item.range = new vscode.Range(0, 0, 0, 0);
      item.children.replace(children);
      this.controller.items.add(item);
    }
    return item;
  }

  private checkItem(drill: vscode.TestItem, name: string, index: number): vscode.TestItem {
    const id = `${drill.id}/${name}`;
    let item = drill.children.get(id);
    if (!item) {
      item = this.controller.createTestItem(id, name, drill.uri);
      drill.children.add(item);
    }
    // In the order the grader runs them, which goes from the basics to the edge cases.
    item.sortText = String(index).padStart(4, '0');
    return item;
  }

  private started(drill: string, file: string): void {
    const item = this.drillItem(drill, file);
    const requested = this.requested.get(drill);
    const run = requested ?? this.controller.createTestRun(new vscode.TestRunRequest([item]), 'Check', false);
    this.runs.set(drill, { run, ownsRun: requested === undefined });
    run.started(item);
    for (const [, child] of item.children) run.enqueued(child);
  }

  private result(drill: string, index: number, result: CheckResult): void {
    const current = this.runs.get(drill);
    const parent = this.controller.items.get(drill);
    if (!current || !parent) return;
    const item = this.checkItem(parent, result.name, index);
    const source = this.service.activityOf(drill).gradedSource ?? '';
    const names = this.service.drill(drill)?.meta.exports.map((e) => e.name) ?? [];
    if (result.passed) {
      current.run.passed(item, result.durationMs);
      return;
    }
    const message =
      result.expected !== undefined && result.actual !== undefined
        ? vscode.TestMessage.diff(failureText(result), result.expected, result.actual)
        : new vscode.TestMessage(failureText(result));
    const [mark] = failureMarks([result], source, names);
    if (parent.uri && mark) message.location = new vscode.Location(parent.uri, new vscode.Position(mark.line - 1, 0));
    current.run.failed(item, message, result.durationMs);
  }

  /** Sets the drill's item result and the practice file's diagnostics from a finished check. */
  private mark(drill: string, checks: readonly CheckResult[]): void {
    const activity = this.service.activityOf(drill);
    const parent = this.controller.items.get(drill);
    if (!parent || !activity.gradedFile) return;
    // Checks that no longer exist in the drill are dropped from the tree.
    const names = new Set(checks.map((c) => `${drill}/${c.name}`));
    for (const [id] of parent.children) if (!names.has(id)) parent.children.delete(id);
    const exportNames = this.service.drill(drill)?.meta.exports.map((e) => e.name) ?? [];
    const source = activity.gradedSource ?? '';
    const lines = source.split('\n');
    const uri = vscode.Uri.file(activity.gradedFile);
    const diagnostics = failureMarks(checks, source, exportNames).map((m) => {
      const text = lines[m.line - 1] ?? '';
      const start = text.length - text.trimStart().length;
      const d = new vscode.Diagnostic(new vscode.Range(m.line - 1, start, m.line - 1, Math.max(start + 1, text.length)), m.message, vscode.DiagnosticSeverity.Error);
      d.source = 'DeepDrill check';
      d.code = m.check;
      return d;
    });
    this.diagnostics.set(uri, diagnostics);
  }

  dispose(): void {
    for (const { run, ownsRun } of this.runs.values()) if (ownsRun) run.end();
    this.disposables.forEach((d) => d.dispose());
  }
}
