import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { CheckResult, SubmissionReport } from '../../extension/shared/graderProtocol';
import { fixture, grade, show } from './drillTestUtil';

const LOAD = 'compiles and exports relu, leakyRelu';

function check(report: SubmissionReport, name: string): CheckResult {
  const c = report.checks.find((r) => r.name === name);
  assert.ok(c, `no check '${name}' in\n${show(report)}`);
  return c;
}

function notRunAfter(report: SubmissionReport, name: string): void {
  const i = report.checks.findIndex((c) => c.name === name);
  for (const c of report.checks.slice(i + 1)) {
    assert.equal(c.passed, false, c.name);
    assert.match(c.message, /^Not run/, c.name);
  }
}

describe('bad submissions become failed checks with a clear message, and the grader goes on', () => {
  const files = [
    'syntaxError.ts',
    'missingExport.ts',
    'throws.ts',
    'processExit.ts',
    'topLevelThrow.ts',
    'usesBuiltin.ts',
    'infiniteLoop.ts',
    'hugeAllocation.ts',
  ];
  let reports: Map<string, SubmissionReport>;
  before(async () => {
    // Reference last: after two killed children, a fresh one still grades it.
    const graded = await grade('relu', [...files.map(fixture), fixture('../../../exercises/relu/solution.ts')]);
    reports = new Map(files.map((f, i) => [f, graded[i]]));
    reports.set('solution', graded[files.length]);
  });

  it('a syntax error fails the load check with its line, and nothing else runs', () => {
    const r = reports.get('syntaxError.ts')!;
    assert.equal(r.passed, false);
    const load = check(r, LOAD);
    assert.equal(load.passed, false);
    assert.match(load.message, /does not compile: .*\(line 4, column \d+\)/);
    assert.equal(load.line, 4);
    notRunAfter(r, LOAD);
  });

  it('a missing export names the export and shows the signature to write', () => {
    const r = reports.get('missingExport.ts')!;
    const load = check(r, LOAD);
    assert.equal(load.passed, false);
    assert.equal(load.message, "The file does not export 'leakyRelu'.");
    assert.equal(load.expected, 'export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor');
    notRunAfter(r, LOAD);
  });

  it('a throwing function fails the checks that call it, with the message, line and input; the others pass', () => {
    const r = reports.get('throws.ts')!;
    const failed = check(r, 'leakyRelu on random values');
    assert.equal(failed.passed, false);
    assert.equal(failed.message, 'leakyRelu threw: alpha is not supported yet (line 8)');
    assert.equal(failed.line, 8);
    assert.match(failed.input ?? '', /^x = float32 \[4, 5\] \[\[.*\nalpha = 0\.1$/s);
    assert.ok(failed.hint);
    assert.equal(check(r, 'relu on random values').passed, true);
    assert.equal(check(r, 'leakyRelu with alpha = 0 is relu').passed, true);
  });

  it('process.exit fails the check that called it and does not end the grading', () => {
    const r = reports.get('processExit.ts')!;
    const c = check(r, 'relu on random values');
    assert.equal(c.passed, false);
    assert.match(c.message, /^relu called process\.exit\(3\)\. The grader calls your function/);
    assert.equal(check(r, 'leakyRelu on random values').passed, true, 'later checks still ran');
  });

  it('top-level code that throws fails the load check; what it printed is kept', () => {
    const r = reports.get('topLevelThrow.ts')!;
    const load = check(r, LOAD);
    assert.equal(load.passed, false);
    assert.equal(load.message, "The file's top-level code threw: a leftover experiment (line 12)");
    assert.match(load.output ?? '', /Tensor/);
    notRunAfter(r, LOAD);
  });

  it('a forbidden built-in fails the rule (its line, not the comment), while the values match', () => {
    const r = reports.get('usesBuiltin.ts')!;
    const rule = check(r, 'builds relu itself');
    assert.equal(rule.passed, false);
    assert.equal(rule.line, 5);
    assert.match(rule.message, /^uses tf\.relu, tf\.leakyRelu or tf\.prelu \(line 5\)/);
    assert.equal(check(r, 'relu on random values').passed, true);
  });

  it('an infinite loop fails its check at the time limit; the rest is reported as not run', () => {
    const r = reports.get('infiniteLoop.ts')!;
    assert.equal(check(r, LOAD).passed, true);
    const c = check(r, 'relu on random values');
    assert.equal(c.passed, false);
    assert.equal(c.message, 'Did not finish within 5 s; the grader stopped it.');
    assert.match(c.hint ?? '', /loop that never ends/);
    notRunAfter(r, 'relu on random values');
  });

  it('a huge allocation fails its check at the memory cap', () => {
    const r = reports.get('hugeAllocation.ts')!;
    const c = check(r, 'relu on random values');
    assert.equal(c.passed, false);
    assert.match(c.message, /^Used more than 1024 MB of memory; the grader stopped it\.$/);
    notRunAfter(r, 'relu on random values');
  });

  it('after killed children, the next submission is graded in a fresh one', () => {
    const r = reports.get('solution')!;
    assert.equal(r.passed, true, show(r));
  });
});
