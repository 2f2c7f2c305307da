// The drills' state in the extension host: the catalogue (exercises/ of the extension), the
// learner's progress and the attempt in progress at each drill (both in one ProgressStore file
// in global storage, so that neither a reload nor a killed VS Code resets an attempt's clock or
// forgets its failed checks) and the grading of attempts.
// The views (tree, panel, Test Explorer, diagnostics) listen to its events and draw.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { progressAfterEvent, withNewAttempt, type AttemptEvent, type AttemptState } from '../shared/drillAttempt';
import { checkHints, gradeSubmissions, type CheckHint } from '../shared/drillGraderProcess';
import { loadDrills, type Drill } from '../shared/drillMeta';
import { practiceDrillId, practiceFile, practiceFolder } from '../shared/drillPractice';
import { ProgressStore } from '../shared/drillProgressStore';
import { ratingReason, reviewText } from '../shared/drillResults';
import { drillTree, type DrillTree } from '../shared/drillTree';
import {
  DEFAULT_SCHEDULE_SETTINGS,
  emptyProgress,
  overrideLastReview,
  type DrillProgress,
  type DrillRating,
  type ScheduleSettings,
} from '../shared/drillSchedule';
import type { GradeState, ReviewInfo } from '../shared/drillPanelProtocol';
import type { CheckResult, SubmissionReport } from '../shared/graderProtocol';

/** The last results, review and hints of each drill, so that a reload shows what the learner saw. */
const ACTIVITY_KEY = 'deepdrill.drills.activity';
type SavedActivity = Pick<DrillActivity, 'grade' | 'review' | 'hints'>;

export function scheduleSettings(): ScheduleSettings {
  const c = vscode.workspace.getConfiguration('deepdrill.drills');
  const retention = c.get<number>('desiredRetention', DEFAULT_SCHEDULE_SETTINGS.desiredRetention);
  const newPerDay = c.get<number>('newPerDay', DEFAULT_SCHEDULE_SETTINGS.newPerDay);
  return {
    desiredRetention: Number.isFinite(retention) ? Math.min(0.99, Math.max(0.7, retention)) : DEFAULT_SCHEDULE_SETTINGS.desiredRetention,
    newPerDay: Number.isFinite(newPerDay) ? Math.max(0, Math.round(newPerDay)) : DEFAULT_SCHEDULE_SETTINGS.newPerDay,
  };
}

/** What one drill's panel, tests and diagnostics show right now. */
export interface DrillActivity {
  grade: GradeState;
  /** The file the last grade was of, and its text then (diagnostics point into it). */
  gradedFile?: string;
  gradedSource?: string;
  review?: ReviewInfo;
  hints: string[];
}

/** How a check run ended, for whoever asked for it. */
export type CheckOutcome =
  | { kind: 'graded'; report: SubmissionReport; review?: ReviewInfo }
  | { kind: 'error'; message: string }
  | { kind: 'busy' };

export class DrillService implements vscode.Disposable {
  readonly drills: Drill[];
  readonly problems: string[];
  private readonly byId: Map<string, Drill>;
  private readonly store: ProgressStore;
  private progressValue: DrillProgress = emptyProgress();
  private readonly loaded: Promise<void>;
  private readonly activity = new Map<string, DrillActivity>();
  private readonly grading = new Map<string, Promise<CheckOutcome>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** A drill's activity or the progress changed (undefined: everything may have changed). */
  readonly onDidChange = this.changed.event;
  private readonly checkStarted = new vscode.EventEmitter<{ drill: string; file: string }>();
  readonly onDidStartCheck = this.checkStarted.event;
  private readonly checkResult = new vscode.EventEmitter<{ drill: string; index: number; result: CheckResult }>();
  readonly onDidCheck = this.checkResult.event;
  private readonly checkEnded = new vscode.EventEmitter<{ drill: string; outcome: CheckOutcome }>();
  readonly onDidEndCheck = this.checkEnded.event;

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const { drills, problems } = loadDrills(extension.asAbsolutePath('exercises'));
    this.drills = drills;
    this.problems = problems.map((p) => `exercises/${p.where}: ${p.message}`);
    for (const p of this.problems) log.warn(p);
    this.byId = new Map(drills.map((d) => [d.meta.id, d]));
    this.store = new ProgressStore(join(extension.globalStorageUri.fsPath, 'drills', 'progress.json'));
    this.loaded = this.store.load().then(
      (outcome) => {
        this.progressValue = outcome.progress;
        if (outcome.source === 'backup' || outcome.source === 'fresh') {
          log.warn(`${outcome.problem}; kept a copy at ${outcome.corruptCopy}`);
          void vscode.window.showWarningMessage(
            outcome.source === 'backup'
              ? 'DeepDrill restored your drill progress from its backup (the progress file was damaged; a copy of it was kept).'
              : 'DeepDrill could not read your drill progress or its backup, and starts afresh. The damaged file was kept; see the log.',
          );
        }
        this.changed.fire(undefined);
      },
      (err: unknown) => log.error(`Could not load drill progress: ${String(err)}`),
    );
    this.changed.event((id) => {
      if (id !== undefined) void this.saveActivity(id);
    });
  }

  private savedActivities(): Record<string, SavedActivity> {
    return this.extension.globalState.get<Record<string, SavedActivity>>(ACTIVITY_KEY) ?? {};
  }

  private async saveActivity(id: string): Promise<void> {
    const a = this.activity.get(id);
    if (!a) return;
    // A grade still running when the window goes would never finish: it is not kept.
    const saved: SavedActivity = { grade: a.grade.kind === 'running' ? { kind: 'none' } : a.grade, hints: a.hints };
    if (a.review) saved.review = a.review;
    // Every check of a running grade is a change event, but leaves what is kept as it was.
    const text = JSON.stringify(saved);
    if (this.savedText.get(id) === text) return;
    this.savedText.set(id, text);
    await this.extension.globalState.update(ACTIVITY_KEY, { ...this.savedActivities(), [id]: saved });
  }

  /** What saveActivity last wrote for each drill. */
  private readonly savedText = new Map<string, string>();

  get ids(): ReadonlySet<string> {
    return new Set(this.byId.keys());
  }

  drill(id: string): Drill | undefined {
    return this.byId.get(id);
  }

  /** The progress, once it has been read from disk. */
  async progress(): Promise<DrillProgress> {
    await this.loaded;
    return this.progressValue;
  }

  get progressNow(): DrillProgress {
    return this.progressValue;
  }

  practiceFolder(): string {
    const setting = vscode.workspace.getConfiguration('deepdrill.drills').get<string>('practiceFolder', '');
    return practiceFolder({
      setting: typeof setting === 'string' ? setting : '',
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      globalStorage: this.extension.globalStorageUri.fsPath,
    });
  }

  practiceFile(id: string): string {
    return practiceFile(this.practiceFolder(), id);
  }

  /** The drill a document is an attempt at, if it is one. */
  drillOf(doc: vscode.TextDocument): string | undefined {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return undefined;
    return practiceDrillId(doc.uri.fsPath, doc.getText(), this.ids, this.practiceFolder());
  }

  activityOf(id: string): DrillActivity {
    let a = this.activity.get(id);
    if (!a) {
      const saved = this.savedActivities()[id];
      a = isSavedActivity(saved) ? { grade: saved.grade, hints: saved.hints, ...(saved.review ? { review: saved.review } : {}) } : { grade: { kind: 'none' }, hints: [] };
      this.activity.set(id, a);
    }
    return a;
  }

  /** The attempt at `id` under way or last ended, from the progress file. */
  async attempt(id: string): Promise<AttemptState | undefined> {
    return (await this.progress()).attempts?.[id];
  }

  /** The drills as the views show them now: status, lock and its reason, attempts under way. */
  async tree(now: Date = new Date()): Promise<{ tree: DrillTree; progress: DrillProgress }> {
    const progress = await this.progress();
    const started = new Set(Object.values(progress.attempts ?? {}).filter((a) => !a.result).map((a) => a.drill));
    return { tree: drillTree(this.drills.map((d) => d.meta), progress, now, scheduleSettings(), started), progress };
  }

  /** Starts a new attempt: a fresh clock, no hints, no review; the panel is cleared. */
  async beginAttempt(id: string): Promise<void> {
    const drill = this.byId.get(id);
    if (!drill) return;
    await this.loaded;
    this.progressValue = await this.store.update((p) => withNewAttempt(p, id, drill.meta.timeBudgetMinutes, Date.now()));
    this.activity.set(id, { grade: { kind: 'none' }, hints: [] });
    this.changed.fire(id);
  }

  /**
   * Applies an event to the drill's attempt (starting one when there is none: a file from
   * before) and records the review when the attempt ends with it, in one write of the progress
   * file: what the learner sees next is on disk first.
   */
  async attemptEvent(id: string, event: AttemptEvent): Promise<ReviewInfo | undefined> {
    const drill = this.byId.get(id);
    if (!drill) return undefined;
    const settings = scheduleSettings();
    await this.loaded;
    let ended: { rating: DrillRating; due: Date } | undefined;
    this.progressValue = await this.store.update((p) => {
      const r = progressAfterEvent(p, id, drill.meta.timeBudgetMinutes, event, settings);
      ended = r.ended;
      return r.progress;
    });
    if (!ended) return undefined;
    const { rating, due } = ended;
    const review: ReviewInfo = { rating, source: 'grade', due: due.toISOString(), text: reviewText(rating, due, new Date()), reason: ratingReason(rating) };
    this.activityOf(id).review = review;
    this.log.info(`Drill ${id}: rated ${rating}; ${review.text}`);
    this.changed.fire(id);
    return review;
  }

  /** Replaces the rating of the drill's latest review with the learner's. */
  async overrideRating(id: string, rating: DrillRating): Promise<ReviewInfo | undefined> {
    await this.loaded;
    let due: Date | undefined;
    this.progressValue = await this.store.update((p) => {
      const r = overrideLastReview(p, id, rating, scheduleSettings());
      if (!r) return p;
      due = r.due;
      return r.progress;
    });
    if (!due) return undefined;
    const review: ReviewInfo = { rating, source: 'override', due: due.toISOString(), text: reviewText(rating, due, new Date()), reason: 'you chose it' };
    this.activityOf(id).review = review;
    this.changed.fire(id);
    return review;
  }

  /** What each rating would schedule if the latest review of `id` were changed to it. */
  overridePreview(id: string): { rating: DrillRating; due: Date }[] {
    const out: { rating: DrillRating; due: Date }[] = [];
    for (const rating of ['again', 'hard', 'good', 'easy'] as const) {
      const r = overrideLastReview(this.progressValue, id, rating, scheduleSettings());
      if (r) out.push({ rating, due: r.due });
    }
    return out;
  }

  hint(id: string, text: string): void {
    this.activityOf(id).hints.push(text);
    this.changed.fire(id);
  }

  /** Grades `source` (the text of `file`) as an attempt at drill `id`; one run per drill at a time. */
  check(id: string, file: string, source: string): Promise<CheckOutcome> {
    const running = this.grading.get(id);
    if (running) return running.then((): CheckOutcome => ({ kind: 'busy' }));
    const run = this.runCheck(id, file, source);
    this.grading.set(id, run);
    return run;
  }

  isChecking(id: string): boolean {
    return this.grading.has(id);
  }

  private async runCheck(id: string, file: string, source: string): Promise<CheckOutcome> {
    const drill = this.byId.get(id);
    if (!drill) return { kind: 'error', message: `There is no drill '${id}'.` };
    if (!(await this.attempt(id))) await this.beginAttempt(id);
    const activity = this.activityOf(id);
    const results: CheckResult[] = [];
    activity.grade = { kind: 'running', results };
    activity.gradedFile = file;
    activity.gradedSource = source;
    this.checkStarted.fire({ drill: id, file });
    this.changed.fire(id);
    let outcome: CheckOutcome;
    try {
      const graded = await gradeSubmissions({
        graderPath: this.extension.asAbsolutePath(join('dist', 'grader.js')),
        drillDir: drill.dir,
        drillId: id,
        submissions: [{ file, source }],
        backend: drill.meta.graderBackend,
        memoryLimitMb: drill.meta.memoryLimitMb,
        onCheck: (_s, index, result) => {
          results[index] = result;
          this.checkResult.fire({ drill: id, index, result });
          this.changed.fire(id);
        },
      });
      if (!graded.ok) {
        outcome = { kind: 'error', message: graded.message };
      } else {
        const report = graded.reports[0];
        activity.grade = { kind: 'done', passed: report.passed, results: report.checks, durationMs: report.durationMs };
        const review = await this.attemptEvent(id, { type: 'checked', at: Date.now(), passed: report.passed });
        outcome = { kind: 'graded', report, review };
      }
    } catch (err) {
      outcome = { kind: 'error', message: `The grader failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (outcome.kind === 'error') {
      activity.grade = { kind: 'error', message: outcome.message };
      this.log.error(`Drill ${id}: ${outcome.message}`);
    }
    // Not checking any more from here on: the views that redraw on these events must see that.
    this.grading.delete(id);
    this.checkEnded.fire({ drill: id, outcome });
    this.changed.fire(id);
    return outcome;
  }

  /** The hints of the drill's checks, in order (from a grader child, once per drill and session). */
  checkHints(id: string): Promise<CheckHint[]> {
    const drill = this.byId.get(id);
    if (!drill) return Promise.resolve([]);
    let hints = this.hintsCache.get(id);
    if (!hints) {
      hints = checkHints({
        graderPath: this.extension.asAbsolutePath(join('dist', 'grader.js')),
        drillDir: drill.dir,
        drillId: id,
        backend: drill.meta.graderBackend,
        memoryLimitMb: drill.meta.memoryLimitMb,
      }).then((r) => {
        if (r.ok) return r.hints;
        this.log.error(`Drill ${id}: could not read the hints of its checks: ${r.message}`);
        this.hintsCache.delete(id);
        return [];
      });
      this.hintsCache.set(id, hints);
    }
    return hints;
  }

  private readonly hintsCache = new Map<string, Promise<CheckHint[]>>();

  async readSolution(id: string): Promise<string | undefined> {
    const drill = this.byId.get(id);
    return drill ? readFile(join(drill.dir, 'solution.ts'), 'utf8') : undefined;
  }

  async readStatement(id: string, language: 'en' | 'zh-CN'): Promise<string> {
    const drill = this.byId.get(id);
    if (!drill) return '';
    const file = join(drill.dir, `statement.${language}.md`);
    return existsSync(file) ? readFile(file, 'utf8') : '';
  }

  dispose(): void {
    this.changed.dispose();
    this.checkStarted.dispose();
    this.checkResult.dispose();
    this.checkEnded.dispose();
  }
}

/** Saved by an earlier version or damaged: only a well-formed record is shown again. */
function isSavedActivity(x: unknown): x is SavedActivity {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Partial<SavedActivity>;
  return (
    Array.isArray(a.hints) &&
    a.hints.every((h) => typeof h === 'string') &&
    typeof a.grade === 'object' &&
    a.grade !== null &&
    (a.grade.kind === 'none' || (a.grade.kind === 'done' && Array.isArray(a.grade.results)) || (a.grade.kind === 'error' && typeof a.grade.message === 'string')) &&
    (a.review === undefined || (typeof a.review === 'object' && a.review !== null && typeof a.review.due === 'string'))
  );
}
