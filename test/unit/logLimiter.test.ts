import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogLimiter } from '../../extension/shared/logLimiter';

/** A limiter on a clock the test moves, whose scheduled reports the test runs. */
function limiter(perWindow: number) {
  const clock = { t: 0 };
  const notes: string[] = [];
  const scheduled: { fn: () => void; ms: number }[] = [];
  const l = new LogLimiter((n) => notes.push(n), { now: () => clock.t, schedule: (fn, ms) => scheduled.push({ fn, ms }), perWindow, windowMs: 1000 });
  return { l, clock, notes, scheduled };
}

describe('output of a print loop is limited, and the learner told how much was left out', () => {
  it('shows the first lines of each second, then says how many were not shown', () => {
    const { l, clock, notes, scheduled } = limiter(3);
    const shown = Array.from({ length: 10 }, () => l.admit());
    assert.deepEqual(shown, [true, true, true, false, false, false, false, false, false, false]);
    assert.deepEqual(notes, []);
    // The first line dropped asks for a report when the window ends, so the owner can report a flood followed by silence.
    assert.deepEqual(scheduled.map((s) => s.ms), [1000]);
    clock.t = 1000;
    assert.equal(l.admit(), true);
    assert.deepEqual(notes, ['… 7 more lines of output not shown (at most 3 a second are).']);
    // Nothing dropped since: no second note, from the timer or a flush.
    scheduled[0].fn();
    l.flush();
    assert.equal(notes.length, 1);
  });

  it('a flood followed by silence is reported when its window ends', () => {
    const { l, clock, notes, scheduled } = limiter(1);
    l.admit();
    clock.t = 250;
    assert.equal(l.admit(), false);
    l.admit();
    assert.deepEqual(scheduled.map((s) => s.ms), [750]);
    clock.t = 1000;
    scheduled[0].fn();
    assert.deepEqual(notes, ['… 2 more lines of output not shown (at most 1 a second are).']);
  });

  it('a run that ends inside a flood still says what it dropped', () => {
    const { l, notes } = limiter(1);
    l.admit();
    l.admit();
    l.flush();
    assert.deepEqual(notes, ['… 1 more line of output not shown (at most 1 a second are).']);
  });
});
