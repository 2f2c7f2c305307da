// The grader on every drill: the reference solution passes every check, the starter compiles
// and exports what it should but fails, and every planted bug (exercises/<id>/bugs/*.ts) fails
// the checks its `// fails: <check name>` lines name, with a message and a hint. One grader
// child grades all of a drill's files.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadDrills } from '../../extension/shared/drillMeta';
import { EXERCISES, grade, show } from './drillTestUtil';

function plantedBugs(dir: string): { file: string; fails: string[] }[] {
  const bugs = join(dir, 'bugs');
  if (!existsSync(bugs)) return [];
  return readdirSync(bugs)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const file = join(bugs, f);
      const fails = [...readFileSync(file, 'utf8').matchAll(/^\/\/ fails: (.+)$/gm)].map((m) => m[1].trim());
      return { file, fails };
    });
}

describe('every drill: reference passes, starter fails, planted bugs fail where they should', () => {
  const { drills } = loadDrills(EXERCISES);
  for (const drill of drills) {
    it(drill.meta.id, async () => {
      const bugs = plantedBugs(drill.dir);
      const [solution, starter, ...bugReports] = await grade(drill.meta.id, [
        join(drill.dir, 'solution.ts'),
        join(drill.dir, 'starter.ts'),
        ...bugs.map((b) => b.file),
      ]);
      assert.equal(solution.passed, true, `the reference fails:\n${show(solution)}`);
      assert.equal(starter.passed, false, 'the starter passes');
      assert.equal(starter.checks[0].passed, true, `the starter must compile and export the functions:\n${show(starter)}`);
      bugs.forEach((bug, i) => {
        const report = bugReports[i];
        assert.ok(bug.fails.length > 0, `${bug.file} names the checks it fails with '// fails: <check name>'`);
        assert.equal(report.passed, false, `${bug.file} passes`);
        for (const name of bug.fails) {
          const c = report.checks.find((r) => r.name === name);
          assert.ok(c, `${bug.file}: no check named '${name}'`);
          assert.equal(c.passed, false, `${bug.file}: '${name}' passes:\n${show(report)}`);
          assert.ok(c.hint && c.message, `${bug.file}: '${name}' fails without a message and a hint`);
        }
      });
    });
  }
});
