// The drill grader against learner code that misbehaves in the ways test/drills/badSubmissions
// does not cover (asynchronous throws, a heap that fills up bit by bit, output without end),
// and against its child being killed from outside at random points: every submission gets a
// report whose failed check says why, the caller goes on grading, no process is left behind
// and the grader listens on no network port.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gradeSubmissions } from '../../extension/shared/drillGraderProcess';
import type { SubmissionReport } from '../../extension/shared/graderProtocol';
import { GRADER, ROOT, listProcesses, listeningSockets, orphans, processBaseline, reportFigure, runSeed, seeded, type ProcessInfo } from './faultUtil';

const RELU = join(ROOT, 'exercises', 'relu');
/** Each costs a grader start-up (~1 s): enough points to hit every phase of a check, few enough for CI. */
const KILLS = 12;
const LOAD = 'compiles and exports relu, leakyRelu';
const submission = (name: string) => {
  const file = join(ROOT, 'test', 'fixtures', 'drills', name);
  return { file, source: readFileSync(file, 'utf8') };
};
const solution = () => {
  const file = join(RELU, 'solution.ts');
  return { file, source: readFileSync(file, 'utf8') };
};

function failedCheck(r: SubmissionReport) {
  const failed = r.checks.find((c) => !c.passed);
  assert.ok(failed, 'a check failed');
  return failed;
}

describe('the grader under faults', () => {
  let baseline: Set<number>;
  before(() => {
    baseline = processBaseline();
  });

  describe('learner code that misbehaves', () => {
    const files = ['asyncThrow.ts', 'stdoutFlood.ts', 'consoleFlood.ts'];
    let reports: SubmissionReport[];
    let oomReport: SubmissionReport;
    const sockets: string[] = [];
    let looked = 0;
    before(async () => {
      // A smaller cap than the default 1024 MB, so that the heap fills quickly on a busy machine.
      const oom = await gradeSubmissions({ graderPath: GRADER, drillDir: RELU, drillId: 'relu', memoryLimitMb: 512, submissions: [submission('growUntilOom.ts')] });
      assert.ok(oom.ok, oom.ok ? '' : oom.message);
      oomReport = oom.reports[0];
      const outcome = await gradeSubmissions({
        graderPath: GRADER,
        drillDir: RELU,
        drillId: 'relu',
        submissions: [...files.map(submission), solution()],
        onCheck: () => {
          // Looked at while a grader child is alive: it must not listen on any port.
          for (const p of listProcesses().filter((p) => p.ppid === process.pid && p.cmd.includes(GRADER))) {
            looked++;
            sockets.push(...listeningSockets(p.pid));
          }
        },
      });
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
      reports = outcome.reports;
    });

    it('an asynchronous throw and an unhandled rejection do not end the grading; they show in the output', () => {
      const r = reports[0];
      assert.equal(r.passed, true, 'the values were right');
      const outputs = r.checks.map((c) => c.output ?? '').join('\n');
      assert.match(outputs, /Uncaught exception: thrown from a timer|Unhandled promise rejection: a promise nobody awaits/);
    });

    it('a heap filled bit by bit fails its check as out of memory', () => {
      const c = failedCheck(oomReport);
      assert.equal(c.name, 'relu on random values');
      assert.equal(c.message, 'Used more than 512 MB of memory; the grader stopped it.');
      assert.ok(c.hint);
    });

    it('writing to stdout without end fails its check at the time limit', () => {
      const c = failedCheck(reports[1]);
      assert.equal(c.name, 'relu on random values');
      assert.equal(c.message, 'Did not finish within 5 s; the grader stopped it.');
    });

    it('console.log without end fails at the time limit too, and keeps only the start of the output', () => {
      const c = failedCheck(reports[2]);
      assert.equal(c.name, 'relu on random values');
      assert.equal(c.message, 'Did not finish within 5 s; the grader stopped it.');
      assert.equal(reports[2].checks[0].name, LOAD);
      assert.ok(reports[2].checks[0].passed);
    });

    it('the reference, graded after them in a fresh child, passes', () => {
      assert.equal(reports[3].passed, true);
    });

    it('no grader child listened on a network port', () => {
      assert.ok(looked > 0, 'grader children were looked at');
      assert.deepEqual(sockets, []);
    });
  });

  it(`a grader child killed from outside at ${KILLS} random points: the check running then fails and says so; the next submission is graded`, async () => {
    const seed = runSeed('grader-kills');
    const rng = seeded(seed);
    let killed = 0;
    for (let i = 0; i < KILLS; i++) {
      const killAtCheck = rng.int(5);
      const delayMs = rng.int(5);
      let struck = false;
      const outcome = await gradeSubmissions({
        graderPath: GRADER,
        drillDir: RELU,
        drillId: 'relu',
        submissions: [solution(), solution(), solution()],
        onCheck: (s, c) => {
          if (s !== 0 || c !== killAtCheck || struck) return;
          struck = true;
          const child = listProcesses().find((p) => p.ppid === process.pid && p.cmd.includes(GRADER));
          if (child) setTimeout(() => process.kill(child.pid, 'SIGKILL'), delayMs);
        },
      });
      const where = `kill ${i} (seed ${seed}) after check ${killAtCheck} + ${delayMs} ms`;
      assert.ok(outcome.ok, `${where}: ${outcome.ok ? '' : outcome.message}`);
      assert.ok(struck, where);
      killed++;
      // The kill lands in the check running then, which may be in the first or second submission.
      const hit = outcome.reports.filter((r) => !r.passed);
      assert.ok(hit.length <= 1, `${where}: one submission is hit at most`);
      for (const r of hit) {
        const failed = r.checks.filter((c) => !c.passed);
        assert.match(failed[0].message, /^The grader process was killed by SIGKILL while running this check\./, where);
        assert.ok(failed.slice(1).every((c) => /^Not run/.test(c.message)), where);
      }
      assert.equal(outcome.reports[2].passed, true, `${where}: the submissions after it are graded in a fresh child`);
    }
    reportFigure('grader children killed', killed);
  });

  let left: ProcessInfo[] = [];
  after(() => reportFigure('orphans found (grader)', left.length));
  it('no grader child, nor anything it started, is left behind', async () => {
    left = await orphans(baseline);
    assert.deepEqual(left, []);
  });
});
