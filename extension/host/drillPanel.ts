// The drill panel: one webview beside the practice file, with the drill's statement (English or
// Chinese) and the results of its last Check. The host holds all the state and sends it whole
// (drillPanelProtocol.ts); the webview draws it, so a hidden and re-shown panel needs nothing
// kept alive.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isDrillPanelToHost, persistedDrill, statementLanguageFor, type DrillPanelAction, type DrillStateMessage, type StatementLanguage } from '../shared/drillPanelProtocol';
import { reviewText } from '../shared/drillResults';
import type { DrillService } from './drillService';
import { webviewHtml } from './webviewHtml';

export const DRILL_VIEW_TYPE = 'deepdrill.drill';
const LANGUAGE_KEY = 'deepdrill.drills.statementLanguage';

/** The command each panel button runs, given the drill id. */
export const PANEL_ACTION_COMMANDS: Record<DrillPanelAction, string> = {
  check: 'deepdrill.drills.check',
  hint: 'deepdrill.drills.hint',
  showSolution: 'deepdrill.drills.showSolution',
  giveUp: 'deepdrill.drills.giveUp',
  changeRating: 'deepdrill.drills.changeRating',
  openFile: 'deepdrill.drills.start',
};

export class DrillPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private drillId: string | undefined;
  private ready = false;
  private statements = new Map<string, Record<StatementLanguage, string>>();
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly service: DrillService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      service.onDidChange((id) => {
        if (id === undefined || id === this.drillId) void this.send();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.send()),
      // After a window reload VS Code hands back the panel it had open: show the same drill.
      vscode.window.registerWebviewPanelSerializer(DRILL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const id = persistedDrill(state);
          if (!id || !this.service.drill(id) || this.panel) {
            panel.dispose();
            return;
          }
          await this.loadStatements(id);
          // show() may have opened a panel while the statements loaded: keep that one.
          if (this.panel) {
            panel.dispose();
            return;
          }
          this.drillId = id;
          this.attach(panel);
        },
      }),
    );
  }

  /** The drill shown, if the panel is open. */
  get drill(): string | undefined {
    return this.panel ? this.drillId : undefined;
  }

  get active(): boolean {
    return this.panel?.active ?? false;
  }

  private language(): StatementLanguage {
    return this.extension.globalState.get<StatementLanguage>(LANGUAGE_KEY) ?? statementLanguageFor(vscode.env.language);
  }

  /** Shows the panel about drill `id`, beside the editor, creating it when needed. */
  async show(id: string, options: { preserveFocus: boolean }): Promise<void> {
    const drill = this.service.drill(id);
    if (!drill) return;
    await this.loadStatements(id);
    this.drillId = id;
    if (this.panel) {
      this.panel.title = this.title(id);
      this.panel.reveal(undefined, options.preserveFocus);
      await this.send();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      DRILL_VIEW_TYPE,
      this.title(id),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus },
      {},
    );
    this.attach(panel);
  }

  private async loadStatements(id: string): Promise<void> {
    if (this.statements.has(id)) return;
    this.statements.set(id, { en: await this.service.readStatement(id, 'en'), 'zh-CN': await this.service.readStatement(id, 'zh-CN') });
  }

  /** Makes `panel` (new, or restored after a reload) the drill panel. */
  private attach(panel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.extension.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    if (this.drillId) panel.title = this.title(this.drillId);
    panel.iconPath = vscode.Uri.joinPath(this.extension.extensionUri, 'media', 'deepdrill.svg');
    this.panel = panel;
    this.ready = false;
    panel.webview.html = webviewHtml(panel.webview, root, {
      bundle: 'drill',
      title: 'DeepDrill Drill',
      // KaTeX positions the parts of a formula with style attributes (never with <style> or script).
      extraCsp: ["style-src-attr 'unsafe-inline'"],
    });
    this.panelDisposables.push(
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        this.ready = false;
        this.panelDisposables.splice(0).forEach((d) => d.dispose());
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
    );
  }

  private title(id: string): string {
    const drill = this.service.drill(id);
    const zh = this.language() === 'zh-CN';
    return `Drill · ${drill ? (zh ? drill.meta.titleZh : drill.meta.title) : id}`;
  }

  private receive(message: unknown): void {
    if (!isDrillPanelToHost(message)) {
      this.log.warn(`Ignored a malformed message from the drill panel: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        void this.send();
        return;
      case 'setLanguage':
        void this.extension.globalState.update(LANGUAGE_KEY, message.language).then(() => {
          if (this.panel && this.drillId) this.panel.title = this.title(this.drillId);
          return this.send();
        });
        return;
      case 'action':
        if (this.drillId) void vscode.commands.executeCommand(PANEL_ACTION_COMMANDS[message.action], this.drillId);
        return;
    }
  }

  private async send(): Promise<void> {
    const id = this.drillId;
    if (!this.panel || !this.ready || !id) return;
    const drill = this.service.drill(id);
    const statements = this.statements.get(id);
    if (!drill || !statements) return;
    const activity = this.service.activityOf(id);
    const message: DrillStateMessage = {
      type: 'state',
      drill: {
        id,
        title: drill.meta.title,
        titleZh: drill.meta.titleZh,
        topic: drill.meta.topic,
        difficulty: drill.meta.difficulty,
        concepts: drill.meta.concepts,
        timeBudgetMinutes: drill.meta.timeBudgetMinutes,
        statements,
        practiceFileName: basename(this.service.practiceFile(id)),
      },
      language: this.language(),
      grade: activity.grade,
      hints: activity.hints,
      trusted: vscode.workspace.isTrusted,
    };
    // "next review in 3 days" is said from now, also for a review recorded days ago.
    if (activity.review) message.review = { ...activity.review, text: reviewText(activity.review.rating, new Date(activity.review.due), new Date()) };
    await this.panel.webview.postMessage(message);
  }


  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
