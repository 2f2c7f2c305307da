// Where the in-VS-Code tests find their model files: the sample workspace's XOR example when it
// is there, else the test's own copy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function xorExample(repoRoot: string): string {
  const example = join(repoRoot, 'examples', 'xor-mlp.ts');
  return existsSync(example) ? example : join(repoRoot, 'test', 'fixtures', 'e2e', 'xor.ts');
}

export function syntaxErrorFixture(repoRoot: string): string {
  return join(repoRoot, 'test', 'fixtures', 'e2e', 'syntaxError.ts');
}

/** A script that trains until it is stopped. */
export function longRunFixture(repoRoot: string): string {
  return join(repoRoot, 'test', 'fixtures', 'e2e', 'longRun.ts');
}
