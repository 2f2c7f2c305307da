// One attempt at a drill, from "start" to its rating: a fold of what the learner does (check
// runs, hints, revealing the solution, giving up) into the Attempt that ratingFor() rates. The
// rating is fixed by the first pass or by giving up / revealing; later events change nothing,
// so checking a passed drill again cannot change its review.

import { ratingFor, type Attempt, type DrillRating } from './drillSchedule';

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
