import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAttemptEvent, progressAfterEvent, startAttempt, withNewAttempt, type AttemptEvent } from '../../extension/shared/drillAttempt';
import type { DrillMeta } from '../../extension/shared/drillMeta';
import { DEFAULT_SCHEDULE_SETTINGS, emptyProgress, parseProgress, recordReview, type DrillProgress } from '../../extension/shared/drillSchedule';
import { curriculumOrder, drillItemDescription, drillTree } from '../../extension/shared/drillTree';

const MIN = 60_000;

function play(events: AttemptEvent[]) {
  return events.reduce(applyAttemptEvent, startAttempt('stable-softmax', 10, 0));
}

describe('an attempt is rated by what the learner did', () => {
  it('fails then passes: Hard, with the time from start to the pass', () => {
    const s = play([
      { type: 'checked', at: 2 * MIN, passed: false },
      { type: 'checked', at: 3 * MIN, passed: true },
    ]);
    assert.deepEqual(s.result, { rating: 'hard', at: 3 * MIN, elapsedMs: 3 * MIN });
  });

  it('a clean quick pass is Easy; a clean slow pass is Good', () => {
    assert.equal(play([{ type: 'checked', at: 4 * MIN, passed: true }]).result?.rating, 'easy');
    assert.equal(play([{ type: 'checked', at: 9 * MIN, passed: true }]).result?.rating, 'good');
  });

  it('a hint makes the pass Hard; revealing the solution or giving up is Again at once', () => {
    assert.equal(play([{ type: 'hint', at: MIN }, { type: 'checked', at: 2 * MIN, passed: true }]).result?.rating, 'hard');
    assert.deepEqual(play([{ type: 'solution', at: 5 * MIN }]).result, { rating: 'again', at: 5 * MIN, elapsedMs: 5 * MIN });
    assert.equal(play([{ type: 'checked', at: MIN, passed: false }, { type: 'gaveUp', at: 2 * MIN }]).result?.rating, 'again');
  });

  it('the rating is final: later events change nothing', () => {
    const passed = play([{ type: 'checked', at: MIN, passed: true }]);
    assert.equal(applyAttemptEvent(passed, { type: 'solution', at: 2 * MIN }), passed);
    assert.equal(applyAttemptEvent(passed, { type: 'checked', at: 2 * MIN, passed: false }), passed);
  });

  it('no rating while the attempt is still going', () => {
    assert.equal(play([{ type: 'checked', at: MIN, passed: false }]).result, undefined);
  });
});

describe('an attempt lives in the progress file, with the reviews', () => {
  const step = (p: DrillProgress, event: AttemptEvent) => progressAfterEvent(p, 'relu', 10, event, DEFAULT_SCHEDULE_SETTINGS);

  it('a failed check is kept in the progress, and read back from JSON it still makes the pass Hard', () => {
    const failed = step(withNewAttempt(emptyProgress(), 'relu', 10, 0), { type: 'checked', at: MIN, passed: false });
    assert.equal(failed.ended, undefined);
    assert.equal(failed.progress.reviews.length, 0);
    // What a killed VS Code leaves on disk, read by the next one.
    const back = parseProgress(JSON.stringify(failed.progress));
    assert.ok(back.ok);
    if (!back.ok) return;
    assert.equal(back.progress.attempts?.relu?.failedRuns, 1);
    const passed = step(back.progress, { type: 'checked', at: 2 * MIN, passed: true });
    assert.equal(passed.ended?.rating, 'hard');
    assert.deepEqual(passed.progress.reviews.map((r) => [r.drill, r.rating, r.elapsedMs]), [['relu', 'hard', 2 * MIN]]);
    assert.equal(passed.progress.attempts?.relu?.result?.rating, 'hard', 'the attempt ends in the same progress as its review');
  });

  it('an event with no attempt on file starts one; a rated attempt records no second review', () => {
    const first = step(emptyProgress(), { type: 'checked', at: 5 * MIN, passed: true });
    assert.equal(first.progress.attempts?.relu?.startedAt, 5 * MIN);
    assert.equal(first.ended?.rating, 'easy');
    const again = step(first.progress, { type: 'checked', at: 6 * MIN, passed: true });
    assert.equal(again.ended, undefined);
    assert.equal(again.progress.reviews.length, 1);
  });

  it('a malformed attempt on disk is dropped, the reviews are kept', () => {
    const p = recordReview(emptyProgress(), 'mse', 'good', new Date(0)).progress;
    const text = JSON.stringify({ ...p, attempts: { relu: { drill: 'relu', startedAt: 'yesterday' }, mse: startAttempt('mse', 10, 0) } });
    const back = parseProgress(text);
    assert.ok(back.ok);
    if (back.ok) {
      assert.deepEqual(Object.keys(back.progress.attempts ?? {}), ['mse']);
      assert.equal(back.progress.reviews.length, 1);
    }
  });
});

describe('the Drills view as data', () => {
  const meta = (id: string, topic: DrillMeta['topic'], difficulty: DrillMeta['difficulty'], prerequisites: string[] = []): DrillMeta => ({
    id,
    title: id,
    titleZh: id,
    topic,
    difficulty,
    prerequisites,
    concepts: ['x'],
    timeBudgetMinutes: 10,
    exports: [{ name: 'f', signature: 'f()' }],
  });
  const drills = [
    meta('stable-softmax', 'activations', 'easy', ['relu']),
    meta('mse', 'losses', 'easy'),
    meta('relu', 'activations', 'easy'),
    meta('lstm-cell', 'recurrent', 'hard'),
  ];
  const now = new Date('2026-03-02T09:00:00Z');

  it('groups by topic in the topics\' order, easy first; a first start locks drills with prerequisites', () => {
    const tree = drillTree(drills, emptyProgress(), now);
    assert.deepEqual(
      tree.topics.map((t) => [t.topic, t.drills.map((d) => `${d.id}:${d.status}${d.locked ? ':locked' : ''}`)]),
      [
        ['activations', ['relu:new', 'stable-softmax:new:locked']],
        ['losses', ['mse:new']],
        ['recurrent', ['lstm-cell:new']],
      ],
    );
    assert.equal(tree.dueCount, 0);
  });

  it('a passed drill is learning until it comes back due; the badge counts due drills', () => {
    const { progress, due } = recordReview(emptyProgress(), 'relu', 'good', now);
    const later = drillTree(drills, progress, now).topics[0].drills;
    assert.deepEqual(later.map((d) => [d.id, d.status, d.locked]), [['relu', 'learning', false], ['stable-softmax', 'new', false]]);
    assert.equal(later[0].due?.getTime(), due.getTime());
    assert.equal(drillTree(drills, progress, due).dueCount, 1);
  });

  it('a locked drill says why: the prerequisites still to pass, or today\'s allowance', () => {
    const byId = (tree: ReturnType<typeof drillTree>) => new Map(tree.topics.flatMap((t) => t.drills).map((d) => [d.id, d]));
    const first = byId(drillTree(drills, emptyProgress(), now));
    assert.deepEqual(first.get('stable-softmax')?.lock, { kind: 'prerequisites', missing: ['relu'] });
    assert.equal(first.get('relu')?.lock, undefined);
    // ReLU passed today, and one new drill a day: softmax's prerequisite is met, the allowance is not.
    const { progress } = recordReview(emptyProgress(), 'relu', 'good', now);
    const later = byId(drillTree(drills, progress, now, { desiredRetention: 0.9, newPerDay: 1 }));
    assert.deepEqual(later.get('stable-softmax')?.lock, { kind: 'allowance' });
    assert.equal(drillItemDescription(later.get('stable-softmax')!, now), 'locked');
  });

  it('within a topic a drill comes after the drills it builds on, whatever their names', () => {
    const chain = [
      meta('log-softmax', 'activations', 'easy', ['stable-softmax']),
      meta('stable-softmax', 'activations', 'easy', ['stable-sigmoid']),
      meta('stable-sigmoid', 'activations', 'easy', ['relu']),
      meta('relu', 'activations', 'easy'),
      meta('max-pooling', 'convolution', 'easy', ['conv2d-naive']),
      meta('conv2d-naive', 'convolution', 'medium', ['relu']),
      meta('mse', 'losses', 'easy'),
    ];
    assert.deepEqual(
      curriculumOrder(chain).map((d) => d.id),
      ['relu', 'stable-sigmoid', 'stable-softmax', 'log-softmax', 'mse', 'conv2d-naive', 'max-pooling'],
    );
    // A cycle (a broken catalogue) still lists every drill once.
    const cycle = [meta('a', 'losses', 'easy', ['b']), meta('b', 'losses', 'easy', ['a'])];
    assert.deepEqual(curriculumOrder(cycle).map((d) => d.id), ['a', 'b']);
  });

  it('a drill started past its lock is in progress, not locked', () => {
    const tree = drillTree(drills, emptyProgress(), now, undefined, new Set(['stable-softmax']));
    const softmax = tree.topics[0].drills.find((d) => d.id === 'stable-softmax')!;
    assert.equal(softmax.locked, false);
    assert.equal(drillItemDescription(softmax, now), 'in progress');
  });

  it('an attempt under way takes none of today\'s new slots', () => {
    // One new drill a day, and ReLU started (yesterday, say) but not yet passed: MSE is still open today.
    const tree = drillTree(drills, emptyProgress(), now, { desiredRetention: 0.9, newPerDay: 1 }, new Set(['relu']));
    const items = new Map(tree.topics.flatMap((t) => t.drills).map((d) => [d.id, d]));
    assert.equal(drillItemDescription(items.get('relu')!, now), 'in progress');
    assert.equal(items.get('mse')?.locked, false);
  });
});
