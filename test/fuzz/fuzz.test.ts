// The CI fuzz run: 1 000 generated model files and drill submissions (test/fuzz/generate.ts)
// through the real worker and grader. Each must end in a result or a clear error within its
// limit; none may crash or hang, and no process may be left behind. `npm run fuzz -- --long`
// runs a bigger one; DEEPDRILL_SEED replays a failure.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { orphans, processBaseline, reportFigure, runSeed, type ProcessInfo } from '../faults/faultUtil';
import { generateCases } from './generate';
import { CI_SIZE, runFuzz, summary, type FuzzStats } from './runFuzz';

describe('fuzzing the worker and the grader with broken model files and submissions', () => {
  const seed = runSeed('fuzz-ci');
  const baseline = processBaseline();
  let stats: FuzzStats | undefined;
  let left: ProcessInfo[] = [];
  after(() => {
    if (!stats) return;
    reportFigure('files fuzzed', stats.files);
    reportFigure('fuzz results / clear errors', `${stats.results} / ${stats.clearErrors}`);
    reportFigure('fuzz crashes', stats.crashes);
    reportFigure('fuzz hangs', stats.hangs);
    reportFigure('orphans found (fuzz)', left.length);
  });

  it(`${CI_SIZE.models} model files and ${CI_SIZE.submissions} submissions each end in a result or a clear error (seed ${seed})`, async () => {
    const cases = generateCases(seed, CI_SIZE.models, CI_SIZE.submissions);
    stats = await runFuzz(cases, CI_SIZE.options);
    console.log(`# ${summary(stats)}`);
    assert.equal(stats.files, cases.length, 'every case ran');
    assert.deepEqual(stats.problems, [], 'no crash, no hang');
    assert.equal(stats.crashes, 0);
    assert.equal(stats.hangs, 0);
    assert.equal(stats.results + stats.clearErrors, cases.length);
    // The generator must really produce both kinds of ending, or the run proves little.
    assert.ok(stats.results > 0 && stats.clearErrors > 0);
  });

  it('no process is left behind', async () => {
    left = await orphans(baseline);
    assert.deepEqual(left, []);
  });
});
