// The Hint command reveals the hints of a drill's own checks, one at a time, in the order the
// checks run: never one the learner can already read (a failed check shows its hint for free),
// never one of a check that passed; then the drill's concepts; then nothing, at no cost.
// The hints come from a real grader child that loads the drill and grades nothing.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkHints } from '../../extension/shared/drillGraderProcess';
import { nextHint } from '../../extension/shared/drillResults';
import type { CheckResult } from '../../extension/shared/graderProtocol';
import { EXERCISES, GRADER } from './drillTestUtil';

const checks = [
  { check: 'rows of random logits', hint: 'Divide each row by its own sum.' },
  { check: 'large logits do not overflow', hint: 'Subtract each row’s maximum before tf.exp.' },
  { check: 'a batch of one', hint: 'Reduce over the last axis.' },
];
const concepts = 'This drill practises softmax.';
const result = (name: string, passed: boolean, hint?: string): CheckResult => ({ name, passed, message: passed ? 'ok' : 'wrong', durationMs: 1, ...(hint ? { hint } : {}) });

describe('the next hint', () => {
  it('before any Check: the first check’s hint, then the next one', () => {
    assert.equal(nextHint({ checkHints: checks, results: [], revealed: [], concepts }), checks[0].hint);
    assert.equal(nextHint({ checkHints: checks, results: [], revealed: [checks[0].hint], concepts }), checks[1].hint);
  });

  it('after a Check: skips checks that passed and hints on screen in the results (also inside a longer hint)', () => {
    const results = [
      result('rows of random logits', true),
      result('large logits do not overflow', false, `tfjs lines shapes up from the last axis… ${checks[1].hint}`),
      result('a batch of one', false, undefined),
    ];
    assert.equal(nextHint({ checkHints: checks, results, revealed: [], concepts }), checks[2].hint);
  });

  it('when every hint is on screen: the concepts, then nothing', () => {
    const results = checks.map((c) => result(c.check, false, c.hint));
    assert.equal(nextHint({ checkHints: checks, results, revealed: [], concepts }), concepts);
    assert.equal(nextHint({ checkHints: checks, results, revealed: [concepts], concepts }), undefined);
  });

  it('a grader child lists a drill’s check hints in the order the checks run', async () => {
    const r = await checkHints({ graderPath: GRADER, drillDir: join(EXERCISES, 'stable-softmax'), drillId: 'stable-softmax' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    if (!r.ok) return;
    assert.equal(r.hints[0].check, 'rows of random logits');
    assert.match(r.hints[0].hint, /tf\.sum\(e, -1, true\)/);
    assert.match(r.hints.find((h) => h.check === 'large logits do not overflow')?.hint ?? '', /Subtract each row's own maximum/);
    assert.ok(r.hints.every((h) => h.hint.length > 0));
  });
});
