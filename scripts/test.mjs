// `npm test`: builds the bundles, then runs every test file with Node's own test runner in one
// invocation (so one summary closes the run). `node scripts/test.mjs unit worker` runs only
// the named folders under test/.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stages = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const ALL = ['unit', 'kernels', 'worker', 'e2e'];

function testFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);

const files = (stages.length ? stages : ALL).flatMap((s) => {
  try {
    return testFiles(join(root, 'test', s));
  } catch {
    return [];
  }
});
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => relative(root, f))],
  { stdio: 'inherit', cwd: root },
);
process.exit(run.status ?? 1);
