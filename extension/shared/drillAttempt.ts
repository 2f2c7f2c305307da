// One attempt at a drill, from "start" to its rating: a fold of what the learner does (check
// runs, hints, revealing the solution, giving up) into the Attempt that ratingFor() rates. The
// rating is fixed by the first pass or by giving up / revealing; later events change nothing,
// so checking a passed drill again cannot change its review.

import { ratingFor, recordReview, type Attempt, type DrillProgress, type DrillRating, type ScheduleSettings } from './drillSchedule';

export type AttemptEvent =
  /** A check run ended; `passed` when every check passed. */
  | { type: 'checked'; at: number; passed: boolean }
  | { type: 'hint'; at: number }
  | { type: 'solution'; at: number }
  | { type: 'gaveUp'; at: number };

export interface AttemptState {
  drill: string;
  timeBudgetMinutes: number;
  startedAt: number;
  failedRuns: number;
  hintsShown: number;
  solutionShown: boolean;
  gaveUp: boolean;
  /** Set once the attempt is rated; it is the review to record. */
  result?: { rating: DrillRating; at: number; elapsedMs: number };
}

export function startAttempt(drill: string, timeBudgetMinutes: number, at: number): AttemptState {
  return { drill, timeBudgetMinutes, startedAt: at, failedRuns: 0, hintsShown: 0, solutionShown: false, gaveUp: false };
}

export function applyAttemptEvent(state: AttemptState, e: AttemptEvent): AttemptState {
  if (state.result) return state;
  let next: AttemptState = state;
  let passed = false;
  switch (e.type) {
    case 'checked':
      if (e.passed) passed = true;
      else next = { ...state, failedRuns: state.failedRuns + 1 };
      break;
    case 'hint':
      next = { ...state, hintsShown: state.hintsShown + 1 };
      break;
    case 'solution':
      next = { ...state, solutionShown: true };
      break;
    case 'gaveUp':
      next = { ...state, gaveUp: true };
      break;
  }
  const elapsedMs = e.at - state.startedAt;
  const attempt: Attempt = { ...next, passed, elapsedMs };
  const rating = ratingFor(attempt);
  return rating ? { ...next, result: { rating, at: e.at, elapsedMs } } : next;
}

/** `progress` with a fresh attempt at `drill` (a new clock, no failures, no hints). */
export function withNewAttempt(progress: DrillProgress, drill: string, timeBudgetMinutes: number, at: number): DrillProgress {
  return { ...progress, attempts: { ...progress.attempts, [drill]: startAttempt(drill, timeBudgetMinutes, at) } };
}

/**
 * Applies `event` to the attempt at `drill` (starting one when there is none) and, when the
 * attempt ends with it, records its review: both in one new progress, so that one write keeps
 * them together and no kill can leave a rated attempt without its review or the reverse.
 */
export function progressAfterEvent(
  progress: DrillProgress,
  drill: string,
  timeBudgetMinutes: number,
  event: AttemptEvent,
  settings: ScheduleSettings,
): { progress: DrillProgress; ended?: { rating: DrillRating; at: number; due: Date } } {
  const before = progress.attempts?.[drill] ?? startAttempt(drill, timeBudgetMinutes, event.at);
  const after = applyAttemptEvent(before, event);
  const next: DrillProgress = { ...progress, attempts: { ...progress.attempts, [drill]: after } };
  if (before.result || !after.result) return { progress: next };
  const { rating, at, elapsedMs } = after.result;
  const r = recordReview(next, drill, rating, new Date(at), settings, elapsedMs);
  return { progress: r.progress, ended: { rating, at, due: r.due } };
}
