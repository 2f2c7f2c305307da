// Spaced repetition of drills with FSRS (ts-fsrs, the scheduler Anki uses). The rating comes
// from the grade, not from the learner's self-assessment: a clean first pass is Good (Easy
// when well under the drill's time budget), a pass after failed checks or a hint is Hard, and
// giving up or revealing the solution is Again. The learner may override it. Every review is
// kept as ts-fsrs logs it, since those logs are what an FSRS parameter optimizer is fitted on.
// Pure: progress goes in, new progress comes out; drillProgressStore.ts keeps it on disk.

import type * as Fsrs from 'ts-fsrs' with { 'resolution-mode': 'import' };
import type { AttemptState } from './drillAttempt';

// ts-fsrs ships CommonJS (its `require` export) but types its package as an ES module, which
// TypeScript will not let a CommonJS file import; requiring it with the ESM types is the same code.
const { createEmptyCard, fsrs, generatorParameters, Rating, State } = require('ts-fsrs') as typeof Fsrs;
type Card = Fsrs.Card;
type Grade = Fsrs.Grade;
type ReviewLog = Fsrs.ReviewLog;
type Rating = Fsrs.Rating;
type State = Fsrs.State;

export type DrillRating = 'again' | 'hard' | 'good' | 'easy';
export const DRILL_RATINGS: readonly DrillRating[] = ['again', 'hard', 'good', 'easy'];

export type DrillStatus = 'new' | 'learning' | 'due' | 'mastered';

export interface ScheduleSettings {
  /** Probability of recalling a drill when it comes back (FSRS's request_retention), in [0.7, 0.99]. */
  desiredRetention: number;
  /** How many drills never seen before may be started per day. */
  newPerDay: number;
}

export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettings = { desiredRetention: 0.9, newPerDay: 3 };

/** A pass in at most this fraction of the drill's time budget, clean and first time, rates Easy. */
export const EASY_FRACTION = 0.5;
/** From this stability (days) a drill in review counts as mastered: Anki's "mature" threshold. */
export const MASTERED_STABILITY_DAYS = 21;

/** What happened in one attempt at a drill (from starting it to the last check run). */
export interface Attempt {
  /** The last check run passed every check. */
  passed: boolean;
  /** Check runs that failed before it. */
  failedRuns: number;
  hintsShown: number;
  solutionShown: boolean;
  gaveUp: boolean;
  /** From starting the drill to the passing check run. */
  elapsedMs: number;
  timeBudgetMinutes: number;
}

/** The rating an attempt earns; undefined while it is still going (not passed, not abandoned). */
export function ratingFor(a: Attempt): DrillRating | undefined {
  if (a.solutionShown || a.gaveUp) return 'again';
  if (!a.passed) return undefined;
  if (a.failedRuns > 0 || a.hintsShown > 0) return 'hard';
  return a.elapsedMs <= EASY_FRACTION * a.timeBudgetMinutes * 60_000 ? 'easy' : 'good';
}

/** A ts-fsrs Card as JSON (dates as ISO text); ts-fsrs reads it back as is. */
export interface StoredCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: State;
  last_review?: string;
}

/** A ts-fsrs ReviewLog as JSON. */
export interface StoredLog {
  rating: Rating;
  state: State;
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  last_elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  review: string;
}

export interface StoredReview {
  drill: string;
  rating: DrillRating;
  /** `grade`: the rating came from the grade; `override`: the learner changed it. */
  source: 'grade' | 'override';
  log: StoredLog;
  /** How long the attempt took, when known. */
  elapsedMs?: number;
}

/** Everything DeepDrill remembers about a learner's drills. */
export interface DrillProgress {
  version: 1;
  cards: Record<string, StoredCard>;
  /** Every review, oldest first. */
  reviews: StoredReview[];
  /**
   * The latest attempt at each drill (its clock, failed checks, hints): kept in the same file
   * as the reviews, and changed in the same write as the review it ends in, so that a VS Code
   * killed mid-attempt still rates the pass after it by everything that went before.
   */
  attempts?: Record<string, AttemptState>;
}

export function emptyProgress(): DrillProgress {
  return { version: 1, cards: {}, reviews: [] };
}

const GRADE: Record<DrillRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

function scheduler(settings: ScheduleSettings) {
  return fsrs(generatorParameters({ request_retention: settings.desiredRetention }));
}

function storeCard(c: Card): StoredCard {
  const out: StoredCard = {
    due: c.due.toISOString(),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsed_days,
    scheduled_days: c.scheduled_days,
    learning_steps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
  };
  if (c.last_review) out.last_review = c.last_review.toISOString();
  return out;
}

function storeLog(l: ReviewLog): StoredLog {
  return { ...l, due: l.due.toISOString(), review: l.review.toISOString() };
}

/** Records a review of `drill` at `now`; returns the new progress and the drill's next due date. */
export function recordReview(
  progress: DrillProgress,
  drill: string,
  rating: DrillRating,
  now: Date,
  settings: ScheduleSettings = DEFAULT_SCHEDULE_SETTINGS,
  elapsedMs?: number,
): { progress: DrillProgress; due: Date } {
  const before = progress.cards[drill] ?? storeCard(createEmptyCard(now));
  const { card, log } = scheduler(settings).next(before, now, GRADE[rating]);
  const review: StoredReview = { drill, rating, source: 'grade', log: storeLog(log) };
  if (elapsedMs !== undefined) review.elapsedMs = elapsedMs;
  return {
    progress: { ...progress, cards: { ...progress.cards, [drill]: storeCard(card) }, reviews: [...progress.reviews, review] },
    due: card.due,
  };
}

/**
 * Replaces the rating of the drill's latest review: the card is rolled back to before it and
 * reviewed again at the same moment with the learner's rating. The log keeps one review, marked
 * `override`, so that the optimizer sees what the learner meant.
 */
export function overrideLastReview(
  progress: DrillProgress,
  drill: string,
  rating: DrillRating,
  settings: ScheduleSettings = DEFAULT_SCHEDULE_SETTINGS,
): { progress: DrillProgress; due: Date } | undefined {
  const index = progress.reviews.map((r) => r.drill).lastIndexOf(drill);
  const current = progress.cards[drill];
  if (index < 0 || !current) return undefined;
  const last = progress.reviews[index];
  const f = scheduler(settings);
  const previous = f.rollback(current, last.log);
  const at = new Date(last.log.review);
  const { card, log } = f.next(previous, at, GRADE[rating]);
  const replaced: StoredReview = { ...last, rating, source: 'override', log: storeLog(log) };
  const reviews = [...progress.reviews];
  reviews[index] = replaced;
  return { progress: { ...progress, cards: { ...progress.cards, [drill]: storeCard(card) }, reviews }, due: card.due };
}

export function drillStatus(progress: DrillProgress, drill: string, now: Date): DrillStatus {
  const card = progress.cards[drill];
  if (!card) return 'new';
  if (new Date(card.due).getTime() <= now.getTime()) return 'due';
  return card.state === State.Review && card.stability >= MASTERED_STABILITY_DAYS ? 'mastered' : 'learning';
}

export function dueDrills(progress: DrillProgress, now: Date): string[] {
  return Object.keys(progress.cards)
    .filter((d) => drillStatus(progress, d, now) === 'due')
    .sort((a, b) => progress.cards[a].due.localeCompare(progress.cards[b].due));
}

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * The new drills the learner may start now, in catalogue order: those whose prerequisites have
 * all been passed once (a review other than Again), as many as today's allowance still permits.
 */
export function availableNewDrills(
  progress: DrillProgress,
  catalogue: readonly { id: string; prerequisites: readonly string[] }[],
  now: Date,
  settings: ScheduleSettings = DEFAULT_SCHEDULE_SETTINGS,
): string[] {
  const firstReview = new Map<string, Date>();
  for (const r of progress.reviews) if (!firstReview.has(r.drill)) firstReview.set(r.drill, new Date(r.log.review));
  const passed = passedDrills(progress);
  const startedToday = [...firstReview.values()].filter((d) => sameLocalDay(d, now)).length;
  const allowance = Math.max(0, settings.newPerDay - startedToday);
  return catalogue
    .filter((d) => !progress.cards[d.id] && d.prerequisites.every((p) => passed.has(p)))
    .slice(0, allowance)
    .map((d) => d.id);
}

/** Drills passed at least once (a review other than Again): what prerequisites ask for. */
export function passedDrills(progress: DrillProgress): Set<string> {
  return new Set(progress.reviews.filter((r) => r.rating !== 'again').map((r) => r.drill));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const ISO = (x: unknown): boolean => typeof x === 'string' && !Number.isNaN(Date.parse(x));
const NUM = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);

function isStoredCard(x: unknown): boolean {
  return (
    isObject(x) &&
    ISO(x.due) &&
    ['stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state'].every((k) => NUM(x[k])) &&
    (x.last_review === undefined || ISO(x.last_review))
  );
}

function isStoredReview(x: unknown): boolean {
  if (!isObject(x) || typeof x.drill !== 'string' || !DRILL_RATINGS.includes(x.rating as DrillRating)) return false;
  if (x.source !== 'grade' && x.source !== 'override') return false;
  const l = x.log;
  return isObject(l) && ISO(l.due) && ISO(l.review) && ['rating', 'state', 'stability', 'difficulty', 'scheduled_days'].every((k) => NUM(l[k]));
}

function isAttemptState(x: unknown, drill: string): x is AttemptState {
  if (!isObject(x) || x.drill !== drill) return false;
  if (!['timeBudgetMinutes', 'startedAt', 'failedRuns', 'hintsShown'].every((k) => NUM(x[k]))) return false;
  if (typeof x.solutionShown !== 'boolean' || typeof x.gaveUp !== 'boolean') return false;
  const r = x.result;
  return r === undefined || (isObject(r) && DRILL_RATINGS.includes(r.rating as DrillRating) && NUM(r.at) && NUM(r.elapsedMs));
}

/** Validates progress read from disk; anything else is treated as a corrupt file. */
export function parseProgress(text: string): { ok: true; progress: DrillProgress } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})` };
  }
  if (!isObject(raw) || raw.version !== 1) return { ok: false, reason: 'not a version 1 progress file' };
  if (!isObject(raw.cards) || !Object.values(raw.cards).every(isStoredCard)) return { ok: false, reason: 'a card is malformed' };
  if (!Array.isArray(raw.reviews) || !raw.reviews.every(isStoredReview)) return { ok: false, reason: 'a review is malformed' };
  // An attempt is only the state of work under way: a malformed one is dropped, never a reason
  // to throw the reviews away for the backup's.
  if (raw.attempts !== undefined) {
    const attempts = isObject(raw.attempts) ? raw.attempts : {};
    raw.attempts = Object.fromEntries(Object.entries(attempts).filter(([id, a]) => isAttemptState(a, id)));
  }
  return { ok: true, progress: raw as unknown as DrillProgress };
}
