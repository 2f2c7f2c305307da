// Workspaces are often reached through a symlink (a home folder on another disk, a linked
// checkout). Errors and fit lines must name files by the path the learner opened, not by the
// real path behind the link.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, finalLine, ofType, runCli } from './cliRun';

describe('deepdrill train: a folder reached through a symlink', () => {
  let linked: string;
  let tmp: string;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'deepdrill-link-'));
    linked = join(tmp, 'fixtures');
    symlinkSync(join(ROOT, 'test', 'fixtures', 'worker'), linked, 'dir');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('names the file of a syntax error by its linked path', async () => {
    const r = await runCli(['train', join(linked, 'syntaxError.ts'), '--json', '--backend', 'cpu']);
    const error = finalLine(r);
    assert.equal(error.kind, 'syntax');
    assert.equal(error.file, join(linked, 'syntaxError.ts'));
  });

  it('names a helper file that throws by its linked path, at its line', async () => {
    const r = await runCli(['train', join(linked, 'helperThrows.ts'), '--json', '--backend', 'cpu']);
    const error = finalLine(r);
    assert.equal(error.kind, 'runtime');
    assert.equal(error.file, join(linked, 'throwingHelper.ts'));
    assert.equal(error.line, 3);
  });

  it('still finds the line of each fit call', async () => {
    const r = await runCli(['train', join(linked, 'xorScript.ts'), '--json', '--backend', 'cpu', '--epochs', '1']);
    assert.equal(finalLine(r).type, 'end', r.stderr);
    const [start] = ofType(r.lines, 'fitStart');
    assert.equal(typeof start.line, 'number', 'fitStart names the line of the fit call');
  });
});
