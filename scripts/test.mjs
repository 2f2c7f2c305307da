// `npm test`: builds the bundles, then runs every test file with Node's own test runner in one
// invocation (so one summary closes the run).
//
//   node scripts/test.mjs                      every stage: unit, kernels, worker, server, drills, faults, fuzz, e2e
//   node scripts/test.mjs unit worker          only the named folders under test/
//   node scripts/test.mjs e2e --test-name-pattern=XOR
//                                              options starting with `-` go to `node --test`
//
// The e2e stage needs code-server, installed on demand into a cache folder (see
// scripts/codeServer.mjs): that happens here, before the tests start, so its time and output
// are not part of any test.
//
// The fault, fuzz and data-safety tests record figures (runs killed, files fuzzed, orphans
// found, …) through DEEPDRILL_FIGURES_FILE; they are printed last, after the test summary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const stages = args.filter((a) => !a.startsWith('-'));
const nodeTestOptions = args.filter((a) => a.startsWith('-'));
const ALL = ['unit', 'kernels', 'worker', 'server', 'drills', 'faults', 'fuzz', 'e2e'];
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

const figuresDir = mkdtempSync(join(tmpdir(), 'deepdrill-figures-'));
const figuresFile = join(figuresDir, 'figures.txt');
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
  { stdio: 'inherit', cwd: root, env: { ...process.env, DEEPDRILL_FIGURES_FILE: figuresFile } },
);
let figures = '';
try {
  figures = readFileSync(figuresFile, 'utf8').trim();
} catch {
  // No stage that records figures ran.
}
rmSync(figuresDir, { recursive: true, force: true });
if (figures) console.log(`\nDeepDrill reliability figures\n${figures.split('\n').map((l) => `  ${l}`).join('\n')}`);
process.exit(run.status ?? 1);
