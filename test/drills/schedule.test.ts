import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  availableNewDrills,
  DEFAULT_SCHEDULE_SETTINGS,
  drillStatus,
  dueDrills,
  emptyProgress,
  overrideLastReview,
  parseProgress,
  ratingFor,
  recordReview,
  type Attempt,
} from '../../extension/shared/drillSchedule';

const DAY = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY);

const attempt = (a: Partial<Attempt>): Attempt => ({
  passed: true,
  failedRuns: 0,
  hintsShown: 0,
  solutionShown: false,
  gaveUp: false,
  elapsedMs: 8 * 60_000,
  timeBudgetMinutes: 10,
  ...a,
});

describe('the rating comes from the grade', () => {
  const cases: [string, Partial<Attempt>, string | undefined][] = [
    ['a clean first pass within the budget is Good', {}, 'good'],
    ['a clean first pass in under half the budget is Easy', { elapsedMs: 4 * 60_000 }, 'easy'],
    ['a clean pass over the budget is still Good', { elapsedMs: 30 * 60_000 }, 'good'],
    ['a pass after failed check runs is Hard', { failedRuns: 2, elapsedMs: 60_000 }, 'hard'],
    ['a pass after a hint is Hard', { hintsShown: 1, elapsedMs: 60_000 }, 'hard'],
    ['revealing the solution is Again, even if it then passes', { solutionShown: true }, 'again'],
    ['giving up is Again', { passed: false, gaveUp: true }, 'again'],
    ['an attempt still going has no rating yet', { passed: false, failedRuns: 3 }, undefined],
  ];
  for (const [what, a, expected] of cases) it(what, () => assert.equal(ratingFor(attempt(a)), expected));
});

describe('scheduling drills with FSRS', () => {
  it('a better rating brings the drill back later', () => {
    const due = (rating: 'again' | 'hard' | 'good' | 'easy') => recordReview(emptyProgress(), 'relu', rating, T0).due.getTime();
    assert.ok(due('again') < due('hard'), 'again before hard');
    assert.ok(due('hard') < due('good'), 'hard before good');
    assert.ok(due('good') < due('easy'), 'good before easy');
    assert.ok(due('easy') - T0.getTime() >= DAY, 'an easy first pass waits at least a day');
  });

  it('a drill goes new → learning → due → (after good reviews) mastered, and every review is logged', () => {
    let p = emptyProgress();
    assert.equal(drillStatus(p, 'relu', T0), 'new');
    let now = T0;
    let r = recordReview(p, 'relu', 'good', now);
    p = r.progress;
    assert.equal(drillStatus(p, 'relu', now), 'learning');
    assert.equal(drillStatus(p, 'relu', r.due), 'due');
    assert.deepEqual(dueDrills(p, r.due), ['relu']);
    for (let i = 0; i < 6 && drillStatus(p, 'relu', now) !== 'mastered'; i++) {
      now = r.due;
      r = recordReview(p, 'relu', 'good', now);
      p = r.progress;
    }
    assert.equal(drillStatus(p, 'relu', now), 'mastered');
    assert.ok(p.reviews.length >= 3);
    assert.ok(p.reviews.every((x) => x.drill === 'relu' && x.source === 'grade' && x.rating === 'good'));
    const logs = p.reviews.map((x) => new Date(x.log.review).getTime());
    assert.deepEqual(logs, [...logs].sort((a, b) => a - b), 'logs are in review order');
  });

  it('a lower desired retention spaces reviews further apart', () => {
    const due = (desiredRetention: number) => {
      let r = recordReview(emptyProgress(), 'relu', 'good', T0, { ...DEFAULT_SCHEDULE_SETTINGS, desiredRetention });
      r = recordReview(r.progress, 'relu', 'good', r.due, { ...DEFAULT_SCHEDULE_SETTINGS, desiredRetention });
      return r.due.getTime();
    };
    assert.ok(due(0.8) > due(0.95));
  });

  it('the learner can override the last rating: same review time, new schedule, one log entry', () => {
    const graded = recordReview(emptyProgress(), 'relu', 'hard', T0);
    const overridden = overrideLastReview(graded.progress, 'relu', 'easy');
    assert.ok(overridden);
    assert.equal(overridden.progress.reviews.length, 1);
    assert.equal(overridden.progress.reviews[0].rating, 'easy');
    assert.equal(overridden.progress.reviews[0].source, 'override');
    assert.equal(overridden.progress.reviews[0].log.review, graded.progress.reviews[0].log.review);
    assert.equal(overridden.due.getTime(), recordReview(emptyProgress(), 'relu', 'easy', T0).due.getTime());
    assert.equal(overrideLastReview(emptyProgress(), 'relu', 'easy'), undefined, 'nothing to override');
  });

  it('new drills unlock when their prerequisites pass, at most newPerDay a day', () => {
    const catalogue = [
      { id: 'relu', prerequisites: [] },
      { id: 'stable-sigmoid', prerequisites: ['relu'] },
      { id: 'mse', prerequisites: [] },
      { id: 'bce', prerequisites: ['stable-sigmoid', 'mse'] },
    ];
    const settings = { ...DEFAULT_SCHEDULE_SETTINGS, newPerDay: 2 };
    let p = emptyProgress();
    assert.deepEqual(availableNewDrills(p, catalogue, T0, settings), ['relu', 'mse']);
    p = recordReview(p, 'relu', 'again', T0).progress;
    assert.deepEqual(availableNewDrills(p, catalogue, T0, settings), ['mse'], 'an Again does not unlock; one new left today');
    p = recordReview(p, 'relu', 'good', T0).progress;
    assert.deepEqual(availableNewDrills(p, catalogue, T0, settings), ['stable-sigmoid'], 'first in catalogue order');
    p = recordReview(p, 'mse', 'good', T0).progress;
    assert.deepEqual(availableNewDrills(p, catalogue, T0, settings), [], "today's allowance is used up");
    assert.deepEqual(availableNewDrills(p, catalogue, at(1), settings), ['stable-sigmoid'], 'tomorrow brings new ones');
  });

  it('progress survives JSON and is validated when read back', () => {
    const p = recordReview(emptyProgress(), 'relu', 'good', T0).progress;
    const back = parseProgress(JSON.stringify(p));
    assert.ok(back.ok);
    if (back.ok) {
      const next = recordReview(back.progress, 'relu', 'good', at(3));
      assert.ok(next.due.getTime() > at(3).getTime(), 'a card read back from JSON schedules as before');
    }
    assert.deepEqual(parseProgress('{"version":1,"cards":{"relu":{"due":"soon"}},"reviews":[]}'), { ok: false, reason: 'a card is malformed' });
    assert.equal(parseProgress('{"version":1,"cards":{},"rev').ok, false);
  });
});
