// esbuild bundles without checking types, so strict-mode mistakes would go unseen: every
// runtime's sources must pass `tsc --noEmit` under its own tsconfig.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe('type-checking', () => {
  const projects: [string, string][] = [
    ['tsconfig.json', 'the extension host, worker, grader, CLI and tests'],
    ['webview/tsconfig.json', 'the webviews, with only the shared modules they import'],
    ['exercises/tsconfig.json', 'the drills: starters, references and checks'],
    ['examples/tsconfig.json', "the sample workspace: '@tensorflow/tfjs' and 'deepdrill' resolve in the editor"],
  ];
  for (const [project, what] of projects) {
    it(`${project} (${what}) has no type errors`, () => {
      const r = spawnSync(process.execPath, [TSC, '--noEmit', '-p', project], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, `tsc -p ${project}:\n${r.stdout}${r.stderr}`);
    });
  }
});
