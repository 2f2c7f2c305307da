import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

describe('examples workspace', () => {
  it("type-checks: '@tensorflow/tfjs' and 'deepdrill' imports resolve in the editor without errors", () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'examples', 'tsconfig.json'), '--noEmit'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
  });
});
