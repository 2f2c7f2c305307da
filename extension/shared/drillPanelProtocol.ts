// The one protocol between the extension host and the drill webview (statement and results).
// The host owns every bit of state and sends all of it in one `state` message whenever it
// changes; the webview only draws it and asks for actions. So a reloaded or re-shown webview
// needs nothing but the next `state`, which it gets by saying `ready`.

import type { CheckResult } from './graderProtocol';

/**
 * drillSchedule.ts's DrillRating, spelled out here because that module loads ts-fsrs with
 * Node's `require`, which the webview's (DOM-only) type-check must not pull in.
 */
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';

export type StatementLanguage = 'en' | 'zh-CN';
export const STATEMENT_LANGUAGES: readonly StatementLanguage[] = ['en', 'zh-CN'];

/** The drill, as the panel shows it. */
export interface DrillInfo {
  id: string;
  title: string;
  titleZh: string;
  topic: string;
  difficulty: string;
  concepts: string[];
  timeBudgetMinutes: number;
  /** Markdown of statement.en.md and statement.zh-CN.md. */
  statements: Record<StatementLanguage, string>;
  /** The practice file's name, when an attempt exists. */
  practiceFileName?: string;
}

export type GradeState =
  | { kind: 'none' }
  /** Checks arrive one by one; `total` is known once the grader has loaded the drill. */
  | { kind: 'running'; results: CheckResult[]; total?: number }
  | { kind: 'done'; passed: boolean; results: CheckResult[]; durationMs: number }
  /** The drill could not be graded at all (not the learner's fault). */
  | { kind: 'error'; message: string };

/** The review an ended attempt earned. */
export interface ReviewInfo {
  rating: ReviewRating;
  /** `override`: the learner changed the rating. */
  source: 'grade' | 'override';
  /** ISO time the drill comes back. */
  due: string;
  /** "next review in 3 days (Good)". */
  text: string;
  /** Why the grade gave this rating. */
  reason: string;
}

// ---- host → webview ---------------------------------------------------------------------

export interface DrillStateMessage {
  type: 'state';
  drill: DrillInfo;
  language: StatementLanguage;
  grade: GradeState;
  /** Set once the attempt has ended (passed, given up, solution shown). */
  review?: ReviewInfo;
  /** Hints the learner asked for in this attempt, newest last. */
  hints: string[];
  /** Whether the workspace is trusted: Check runs code only then. */
  trusted: boolean;
}

export type HostToDrillPanel = DrillStateMessage;

// ---- webview → host ---------------------------------------------------------------------

export type DrillPanelAction = 'check' | 'hint' | 'showSolution' | 'giveUp' | 'changeRating' | 'openFile';
const ACTIONS: readonly string[] = ['check', 'hint', 'showSolution', 'giveUp', 'changeRating', 'openFile'];

export type DrillPanelToHost =
  /** The script loaded: send the state. */
  | { type: 'ready' }
  | { type: 'setLanguage'; language: StatementLanguage }
  /** A button: runs the command of the same name for the panel's drill. */
  | { type: 'action'; action: DrillPanelAction };

/** Webview messages are untrusted input: check before use. */
export function isDrillPanelToHost(x: unknown): x is DrillPanelToHost {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'setLanguage':
      return (STATEMENT_LANGUAGES as readonly unknown[]).includes(m.language);
    case 'action':
      return typeof m.action === 'string' && ACTIONS.includes(m.action);
    default:
      return false;
  }
}

/** The statement language for VS Code's display language (`vscode.env.language`). */
/** What the webview keeps across a window reload (VS Code stores it; the host restores from it). */
export interface DrillPanelPersisted {
  drill: string;
}

/** The drill id in a restored panel's state, if the state is one of ours. */
export function persistedDrill(state: unknown): string | undefined {
  const drill = (state as { drill?: unknown } | null | undefined)?.drill;
  return typeof drill === 'string' ? drill : undefined;
}

export function statementLanguageFor(displayLanguage: string): StatementLanguage {
  return /^zh(-(cn|hans|sg))?$/i.test(displayLanguage) || /^zh-hans/i.test(displayLanguage) ? 'zh-CN' : 'en';
}
