import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogLimiter } from '../../extension/shared/logLimiter';

describe('output of a print loop is limited, and the learner told how much was left out', () => {
  it('shows the first lines of each second, then says how many were not shown', () => {
    let t = 0;
    const limiter = new LogLimiter(() => t, 3, 1000);
    const shown = Array.from({ length: 10 }, () => limiter.admit());
    assert.deepEqual(shown.map((a) => a.show), [true, true, true, false, false, false, false, false, false, false]);
    assert.ok(shown.every((a) => a.note === undefined));
    // The first line dropped says when the window ends, so the owner can report a flood followed by silence.
    assert.deepEqual(shown.map((a) => a.flushIn), [undefined, undefined, undefined, 1000, undefined, undefined, undefined, undefined, undefined, undefined]);
    t = 1000;
    const next = limiter.admit();
    assert.equal(next.show, true);
    assert.equal(next.note, '… 7 more lines of output not shown (at most 3 a second are).');
    // Nothing dropped since: no second note, and flush has nothing to say.
    assert.equal(limiter.flush(), undefined);
  });

  it('a flood followed by silence is reported when its window ends', () => {
    let t = 0;
    const limiter = new LogLimiter(() => t, 1, 1000);
    limiter.admit();
    t = 250;
    assert.equal(limiter.admit().flushIn, 750);
    limiter.admit();
    t = 1000;
    assert.equal(limiter.flush(), '… 2 more lines of output not shown (at most 1 a second are).');
  });

  it('a run that ends inside a flood still says what it dropped', () => {
    const limiter = new LogLimiter(() => 0, 1, 1000);
    limiter.admit();
    limiter.admit();
    assert.equal(limiter.flush(), '… 1 more line of output not shown (at most 1 a second are).');
  });
});
