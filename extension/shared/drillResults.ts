// What a graded attempt looks like in the editor: failed checks as problems at a line of the
// practice file, check results as Test Explorer messages, and the review as one sentence.
// Pure, so that the mapping is tested without VS Code; the host turns these into Diagnostics,
// TestMessages and notifications.

import type { DrillRating } from './drillSchedule';
import type { CheckResult } from './graderProtocol';

export interface FailureMark {
  /** 1-based line of the practice file. */
  line: number;
  check: string;
  /** One paragraph: what was found, then the hint. */
  message: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** 1-based line declaring `name` (`export function name`, `export const name`, …), if any. */
export function declarationLine(source: string, name: string): number | undefined {
  const re = new RegExp(`^\\s*export\\s+(async\\s+)?(function\\s*\\*?|const|let|var|class)\\s+${escapeRegExp(name)}\\b`);
  const index = source.split('\n').findIndex((l) => re.test(l));
  return index < 0 ? undefined : index + 1;
}

/**
 * The line a failed check points at: the grader's own line when it found one; else the
 * declaration of the export the check's name mentions (the longest name that matches, so that
 * "leakyRelu …" goes to leakyRelu, not relu); else the first export's; else line 1.
 */
export function failureLine(result: CheckResult, source: string, exportNames: readonly string[]): number {
  const lines = source.split('\n').length;
  if (result.line !== undefined && result.line >= 1) return Math.min(result.line, lines);
  const mentioned = [...exportNames]
    .sort((a, b) => b.length - a.length)
    .find((n) => new RegExp(`(^|[^A-Za-z0-9_$])${escapeRegExp(n)}($|[^A-Za-z0-9_$])`).test(result.name));
  for (const name of [mentioned, ...exportNames]) {
    if (name === undefined) continue;
    const line = declarationLine(source, name);
    if (line !== undefined) return line;
  }
  return 1;
}

/** The failed checks of a run as marks on lines of the practice file. */
export function failureMarks(results: readonly CheckResult[], source: string, exportNames: readonly string[]): FailureMark[] {
  return results
    .filter((r) => !r.passed)
    .map((r) => ({
      line: failureLine(r, source, exportNames),
      check: r.name,
      message: `${r.name}: ${r.message}${r.hint ? `\nHint: ${r.hint}` : ''}`,
    }));
}

/** A failed check as plain text (Test Explorer's message, the log): every part the grader gave. */
export function failureText(r: CheckResult): string {
  const parts = [r.message];
  if (r.input !== undefined) parts.push(`Input: ${r.input}`);
  if (r.expected !== undefined) parts.push(`Expected: ${r.expected}`);
  if (r.actual !== undefined) parts.push(`Actual: ${r.actual}`);
  if (r.hint !== undefined) parts.push(`Hint: ${r.hint}`);
  if (r.output !== undefined && r.output !== '') parts.push(`Printed:\n${r.output}`);
  return parts.join('\n');
}

export const RATING_LABELS: Record<DrillRating, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

/** "in 10 minutes", "in 3 days", "in 2 months", "now": how far away `due` is. */
export function untilText(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  if (ms <= 30_000) return 'now';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${Math.max(1, minutes)} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 24) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(ms / 86_400_000);
  if (days < 60) return `in ${days} day${days === 1 ? '' : 's'}`;
  const months = Math.round(days / 30);
  return `in ${months} months`;
}

/** "next review in 3 days (Good)". */
export function reviewText(rating: DrillRating, due: Date, now: Date): string {
  return `next review ${untilText(due, now)} (${RATING_LABELS[rating]})`;
}

/** Why the attempt was rated as it was, for the learner: the rating is not a mystery. */
export function ratingReason(rating: DrillRating): string {
  switch (rating) {
    case 'easy':
      return 'passed first time, well within the time budget';
    case 'good':
      return 'passed first time';
    case 'hard':
      return 'passed after failed checks or a hint';
    case 'again':
      return 'the solution was shown or the drill given up';
  }
}

/**
 * What the Hint command reveals next: the hint of the first check (in the order the checks run)
 * that has not passed and whose hint the learner cannot already read (in the results of the
 * last Check, or among the hints revealed before); then the drill's concepts; else nothing —
 * every hint is on screen, and asking again costs nothing.
 */
export function nextHint(o: {
  checkHints: readonly { check: string; hint: string }[];
  /** The last Check's results (entries may be missing while it runs). */
  results: readonly (CheckResult | undefined)[];
  /** Hints revealed in this attempt. */
  revealed: readonly string[];
  concepts: string;
}): string | undefined {
  const onScreen = [...o.revealed, ...o.results.filter((r): r is CheckResult => !!r && !r.passed && !!r.hint).map((r) => r.hint!)];
  const seen = (hint: string): boolean => onScreen.some((s) => s.includes(hint));
  const passed = new Set(o.results.filter((r) => r?.passed).map((r) => r!.name));
  const fromChecks = o.checkHints.find((h) => !passed.has(h.check) && !seen(h.hint));
  if (fromChecks) return fromChecks.hint;
  return seen(o.concepts) ? undefined : o.concepts;
}
