// Drills in VS Code: builds the Drills view, the drill panel, Test Explorer and diagnostics,
// the CodeLens, and the commands that tie them together (start, check, hint, show solution,
// give up, change rating). Nothing starts a process until the learner runs Check.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { drillItemDescription } from '../shared/drillTree';
import { practiceSource } from '../shared/drillPractice';
import { nextHint, RATING_LABELS, untilText } from '../shared/drillResults';
import { DRILL_RATINGS, drillStatus, type DrillRating } from '../shared/drillSchedule';
import type { ReviewInfo } from '../shared/drillPanelProtocol';
import { DrillCodeLens } from './drillCodeLens';
import { DrillPanel } from './drillPanel';
import { DrillService, scheduleSettings, type CheckOutcome } from './drillService';
import { DrillStatsView } from './drillStatsView';
import { DrillTesting } from './drillTesting';
import { DrillTreeView, START_DRILL_COMMAND } from './drillTreeView';
import { explainUntrusted } from './modelFiles';

const SOLUTION_SCHEME = 'deepdrill-solution';
const CHANGE_RATING = 'Change Rating…';

/** What the in-VS-Code tests reach through the extension's API. */
export interface DrillsApi {
  /** Starts drill `id` (writes the starter when there is no attempt yet) and returns its practice file. */
  start(id: string): Promise<string | undefined>;
  /** Checks drill `id`'s practice file. */
  check(id: string): Promise<CheckOutcome | undefined>;
}

function drillIdOfArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as { kind?: unknown; item?: { id?: unknown } } | undefined;
  return node?.kind === 'drill' && typeof node.item?.id === 'string' ? node.item.id : undefined;
}

export class DrillFeature implements vscode.Disposable {
  readonly service: DrillService;
  private readonly panel: DrillPanel;
  private readonly testing: DrillTesting;
  private readonly disposables: vscode.Disposable[] = [];
  private statusMessage: vscode.Disposable | undefined;

  constructor(extension: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.service = new DrillService(extension, log);
    this.panel = new DrillPanel(extension, this.service, log);
    this.testing = new DrillTesting(this.service, async (id) => {
      await this.checkDrill(id);
    });
    this.disposables.push(
      this.service,
      this.panel,
      this.testing,
      new DrillTreeView(this.service),
      new DrillStatsView(this.service),
      new DrillCodeLens(this.service),
      vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, {
        provideTextDocumentContent: async (uri) => (await this.service.readSolution(uri.path.split('/')[1] ?? '')) ?? '',
      }),
      // The tree item passes its id; its inline action passes the tree's node.
      vscode.commands.registerCommand(START_DRILL_COMMAND, (arg?: unknown) => this.start(drillIdOfArg(arg))),
      vscode.commands.registerCommand('deepdrill.drills.check', (arg?: unknown) => this.check(arg)),
      vscode.commands.registerCommand('deepdrill.drills.hint', (arg?: unknown) => this.hint(arg)),
      vscode.commands.registerCommand('deepdrill.drills.showSolution', (arg?: unknown) => this.showSolution(arg)),
      vscode.commands.registerCommand('deepdrill.drills.giveUp', (arg?: unknown) => this.giveUp(arg)),
      vscode.commands.registerCommand('deepdrill.drills.changeRating', (arg?: unknown) => this.changeRating(arg)),
    );
  }

  api(): DrillsApi {
    return {
      start: (id) => this.start(id),
      check: (id) => this.checkDrill(id),
    };
  }

  // ---- which drill a command is about ------------------------------------------------------

  /** The drill a command means: the one given (id or practice file), else the active editor's, else the panel's. */
  private drillFor(arg: unknown): string | undefined {
    if (typeof arg === 'string' && this.service.drill(arg)) return arg;
    if (arg instanceof vscode.Uri) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
      if (doc) return this.service.drillOf(doc);
    }
    const active = vscode.window.activeTextEditor?.document;
    const fromEditor = active ? this.service.drillOf(active) : undefined;
    return fromEditor ?? this.panel.drill;
  }

  private async drillOrTell(arg: unknown): Promise<string | undefined> {
    const id = this.drillFor(arg);
    if (!id) {
      void vscode.window.showInformationMessage('Open a drill’s practice file first: start a drill from the Drills view (DeepDrill in the activity bar).');
    }
    return id;
  }

  // ---- start -------------------------------------------------------------------------------

  private async pickDrill(): Promise<string | undefined> {
    const now = new Date();
    const { tree } = await this.service.tree(now);
    type Pick = vscode.QuickPickItem & { id?: string };
    const items: Pick[] = [];
    for (const group of tree.topics) {
      items.push({ label: group.topic, kind: vscode.QuickPickItemKind.Separator });
      for (const d of group.drills) {
        const meta = this.service.drill(d.id)?.meta;
        items.push({
          id: d.id,
          label: `${d.locked ? '$(lock) ' : ''}${d.title}`,
          description: drillItemDescription(d, now),
          detail: meta ? `${meta.titleZh} · ${meta.difficulty} · about ${meta.timeBudgetMinutes} min` : undefined,
        });
      }
    }
    const pick = await vscode.window.showQuickPick(items, { title: 'Start a drill', placeHolder: 'Pick a drill to practise', matchOnDetail: true });
    return pick?.id;
  }

  async start(given?: string): Promise<string | undefined> {
    const id = given ?? (await this.pickDrill());
    const drill = id ? this.service.drill(id) : undefined;
    if (!id || !drill) return undefined;
    const { tree, progress } = await this.service.tree();
    const item = tree.topics.flatMap((g) => g.drills).find((d) => d.id === id);
    if (item?.lock) {
      const missing = item.lock.kind === 'prerequisites' ? item.lock.missing : [];
      const why = missing.length
        ? `“${drill.meta.title}” builds on ${missing.map((p) => `“${this.service.drill(p)?.meta.title ?? p}”`).join(', ')}: pass ${missing.length === 1 ? 'it' : 'them'} first.`
        : `You have started today’s ${scheduleSettings().newPerDay} new drills (setting deepdrill.drills.newPerDay).`;
      const anyway = 'Start Anyway';
      if ((await vscode.window.showWarningMessage(why, { modal: true }, anyway)) !== anyway) return undefined;
    }

    const file = this.service.practiceFile(id);
    const attempt = await this.service.attempt(id);
    const open = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
    let fresh = !existsSync(file);
    if (!fresh && !(open && attempt && !attempt.result)) {
      // Never overwrite an attempt without asking.
      const cont = 'Continue';
      const over = 'Start Over';
      const choice = await vscode.window.showInformationMessage(
        `You already have an attempt at “${drill.meta.title}” (${basename(file)}).`,
        { modal: true, detail: 'Continue keeps your code. Start Over replaces it with a fresh starter: your code there is lost.' },
        cont,
        over,
      );
      if (choice === undefined) return undefined;
      fresh = choice === over;
    }
    if (fresh) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, practiceSource(id, drill.meta.title, await this.starter(drill.dir)), 'utf8');
      await this.service.beginAttempt(id);
    } else if (!attempt || (attempt.result && drillStatus(progress, id, new Date()) === 'due')) {
      // Continuing a drill that is due again is a new review: its clock starts now.
      await this.service.beginAttempt(id);
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    // Unsaved edits of the old attempt would hide the fresh starter written under them.
    if (fresh && doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
    this.testing.drillItem(id, file);
    await this.panel.show(id, { preserveFocus: true });
    return file;
  }

  private starter(dir: string): Promise<string> {
    return readFile(join(dir, 'starter.ts'), 'utf8');
  }

  // ---- check -------------------------------------------------------------------------------

  private async check(arg: unknown): Promise<void> {
    const id = await this.drillOrTell(arg);
    if (id) await this.checkDrill(id, arg instanceof vscode.Uri ? arg : undefined);
  }

  /** Grades the drill's practice file (its editor's text when open, saved or not). */
  async checkDrill(id: string, uri?: vscode.Uri): Promise<CheckOutcome | undefined> {
    if (!vscode.workspace.isTrusted) {
      await explainUntrusted('Check runs your drill code, and this workspace is not trusted, so nothing was run. Trust the workspace to check drills.');
      return undefined;
    }
    const drill = this.service.drill(id);
    if (!drill) return undefined;
    const target = uri ?? this.openPracticeDoc(id)?.uri ?? vscode.Uri.file(this.service.practiceFile(id));
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(target);
    } catch {
      const start = 'Start Drill';
      if ((await vscode.window.showInformationMessage(`There is no attempt at “${drill.meta.title}” yet.`, start)) === start) await this.start(id);
      return undefined;
    }
    await this.panel.show(id, { preserveFocus: true });
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking “${drill.meta.title}”…` },
      () => this.service.check(id, doc.uri.fsPath, doc.getText()),
    );
    switch (outcome.kind) {
      case 'busy':
        break;
      case 'error': {
        const openLog = 'Open Log';
        void vscode.window.showErrorMessage(outcome.message, openLog).then((c) => c === openLog && this.log.show(true));
        break;
      }
      case 'graded': {
        const failed = outcome.report.checks.filter((c) => !c.passed).length;
        this.statusMessage?.dispose();
        this.statusMessage = undefined;
        if (outcome.review) void this.notifyReview(id, outcome.review);
        else if (failed > 0) this.statusMessage = vscode.window.setStatusBarMessage(`$(error) ${drill.meta.title}: ${failed} of ${outcome.report.checks.length} checks failed`, 8000);
        else this.statusMessage = vscode.window.setStatusBarMessage(`$(pass) ${drill.meta.title}: all checks passed`, 8000);
        break;
      }
    }
    return outcome;
  }

  private openPracticeDoc(id: string): vscode.TextDocument | undefined {
    const file = this.service.practiceFile(id);
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  }

  private async notifyReview(id: string, review: ReviewInfo): Promise<void> {
    const title = this.service.drill(id)?.meta.title ?? id;
    const choice = await vscode.window.showInformationMessage(`“${title}” scheduled: ${review.text} — ${review.reason}.`, CHANGE_RATING);
    if (choice === CHANGE_RATING) await this.changeRating(id);
  }

  // ---- hint, solution, give up, rating -----------------------------------------------------

  private async hint(arg: unknown): Promise<void> {
    const id = await this.drillOrTell(arg);
    const drill = id ? this.service.drill(id) : undefined;
    if (!id || !drill) return;
    const activity = this.service.activityOf(id);
    const hints = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding a hint…' }, () => this.service.checkHints(id));
    const results = activity.grade.kind === 'done' || activity.grade.kind === 'running' ? activity.grade.results : [];
    const text = nextHint({
      checkHints: hints,
      results,
      revealed: activity.hints,
      concepts: `This drill practises ${drill.meta.concepts.join(', ')}. Find them in the statement’s formula, then write one line of tfjs per step.`,
    });
    if (text === undefined) {
      // Nothing new to reveal: asking costs nothing.
      void vscode.window.showInformationMessage('Every hint there is is on screen now: the failed checks in the results each come with their own.');
      await this.panel.show(id, { preserveFocus: true });
      return;
    }
    this.service.hint(id, text);
    await this.service.attemptEvent(id, { type: 'hint', at: Date.now() });
    await this.panel.show(id, { preserveFocus: true });
  }

  private async showSolution(arg: unknown): Promise<void> {
    const id = await this.drillOrTell(arg);
    const drill = id ? this.service.drill(id) : undefined;
    if (!id || !drill) return;
    const attempt = await this.service.attempt(id);
    if (attempt && !attempt.result) {
      const show = 'Show Solution';
      const choice = await vscode.window.showWarningMessage(
        `Show the reference solution of “${drill.meta.title}”?`,
        { modal: true, detail: 'This attempt is then rated Again, and the drill comes back soon: that is how it sticks.' },
        show,
      );
      if (choice !== show) return;
    }
    const review = attempt && !attempt.result ? await this.service.attemptEvent(id, { type: 'solution', at: Date.now() }) : undefined;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${id}/solution.ts` }));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
    if (review) void this.notifyReview(id, review);
  }

  private async giveUp(arg: unknown): Promise<void> {
    const id = await this.drillOrTell(arg);
    const drill = id ? this.service.drill(id) : undefined;
    if (!id || !drill) return;
    const attempt = await this.service.attempt(id);
    if (!attempt || attempt.result) {
      void vscode.window.showInformationMessage(`This attempt at “${drill.meta.title}” has already ended.`);
      return;
    }
    const giveUp = 'Give Up';
    const choice = await vscode.window.showWarningMessage(
      `Give up on “${drill.meta.title}” for now?`,
      { modal: true, detail: 'It is rated Again and comes back soon. You can then read the solution.' },
      giveUp,
    );
    if (choice !== giveUp) return;
    const review = await this.service.attemptEvent(id, { type: 'gaveUp', at: Date.now() });
    if (review) void this.notifyReview(id, review);
  }

  private async changeRating(arg: unknown): Promise<void> {
    const id = await this.drillOrTell(arg);
    if (!id) return;
    const progress = await this.service.progress();
    const previews = this.service.overridePreview(id);
    if (previews.length === 0) {
      void vscode.window.showInformationMessage('This drill has no review to change yet: it gets one when an attempt ends.');
      return;
    }
    const now = new Date();
    // From the stored reviews, so that it is right after a reload too.
    const current = progress.reviews.filter((r) => r.drill === id).at(-1)?.rating;
    type Pick = vscode.QuickPickItem & { rating: DrillRating };
    const items: Pick[] = DRILL_RATINGS.map((rating) => {
      const due = previews.find((p) => p.rating === rating)?.due;
      return {
        rating,
        label: RATING_LABELS[rating],
        description: `${due ? `next review ${untilText(due, now)}` : ''}${rating === current ? ' · current' : ''}`,
      };
    });
    const pick = await new Promise<Pick | undefined>((resolve) => {
      // A quick pick of its own, so that it opens on the current rating: Enter keeps it.
      const qp = vscode.window.createQuickPick<Pick>();
      qp.title = 'How did that drill go?';
      qp.placeholder = 'The rating decides when the drill comes back';
      qp.items = items;
      qp.activeItems = items.filter((i) => i.rating === current);
      let chosen: Pick | undefined;
      qp.onDidAccept(() => {
        chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        resolve(chosen);
      });
      qp.show();
    });
    if (!pick || pick.rating === current) return;
    const review = await this.service.overrideRating(id, pick.rating);
    if (review) void vscode.window.showInformationMessage(`Rating changed to ${RATING_LABELS[pick.rating]}: ${review.text}.`);
  }

  dispose(): void {
    this.disposables.reverse().forEach((d) => d.dispose());
  }
}
