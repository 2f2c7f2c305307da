// A broken drill (its checks or its reference) is reported as the drill's fault, never as a
// failed check of the learner's submission.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gradeSubmissions } from '../../extension/shared/drillGraderProcess';
import { GRADER, fixture } from './drillTestUtil';

function gradeAgainstBroken(id: string) {
  const file = fixture(`broken/${id}/solution.ts`);
  return gradeSubmissions({
    graderPath: GRADER,
    drillDir: fixture(`broken/${id}`),
    drillId: id,
    submissions: [{ file, source: readFileSync(file, 'utf8') }],
  });
}

describe('a broken drill is the drill\'s fault', () => {
  it('a check list with a duplicate name is refused before any learner code runs', async () => {
    const outcome = await gradeAgainstBroken('duplicate-names');
    assert.deepEqual(outcome, { ok: false, message: "duplicate-names/checks.ts: check 2 ('values'): the name is used twice" });
  });

  it('a reference that throws stops the grading with the drill named', async () => {
    const outcome = await gradeAgainstBroken('reference-throws');
    assert.deepEqual(outcome, { ok: false, message: "reference-throws: the reference relu threw on 'matrices': the reference only handles vectors" });
  });
});
