// `npm test`: builds the bundles, then runs every test file with Node's own test runner in one
// invocation (so one summary closes the run).
//
//   node scripts/test.mjs                      every stage: unit, kernels, worker, server, drills, e2e
//   node scripts/test.mjs unit worker          only the named folders under test/
//   node scripts/test.mjs e2e --test-name-pattern=XOR
//                                              options starting with `-` go to `node --test`
//
// The e2e stage needs code-server, installed on demand into a cache folder (see
// scripts/codeServer.mjs): that happens here, before the tests start, so its time and output
// are not part of any test.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const stages = args.filter((a) => !a.startsWith('-'));
const nodeTestOptions = args.filter((a) => a.startsWith('-'));
const ALL = ['unit', 'kernels', 'worker', 'server', 'drills', 'e2e'];
const selected = stages.length ? stages : ALL;

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

const files = selected.flatMap((s) => {
  try {
    return testFiles(join(root, 'test', s));
  } catch {
    return [];
  }
});
if (files.length === 0) {
  console.error(`no test files found under test/${selected.length === 1 ? selected[0] : `{${selected.join(',')}}`}`);
  process.exit(1);
}

if (files.some((f) => relative(join(root, 'test'), f).startsWith('e2e'))) {
  const { ensureCodeServer } = await import('./codeServer.mjs');
  ensureCodeServer();
}

const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...nodeTestOptions,
    ...files.map((f) => relative(root, f)),
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(run.status ?? 1);
