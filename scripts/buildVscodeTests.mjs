// Bundles the in-VS-Code test suites (test/vscode/) for the extension host, apart from the
// product bundles: out/vscode-tests/index.js is the extensionTestsPath for @vscode/test-electron,
// and out/vscode-tests/harness/ is a test-only extension that runs the same suites in
// code-server. mocha stays external (loaded from node_modules); `vscode` is the host's.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out', 'vscode-tests');

/** Folder name of the harness extension in an extensions dir. */
export const harnessFolderName = 'deepdrill.deepdrill-test-harness-0.0.0';

export async function buildVscodeTests() {
  const harnessDir = join(out, 'harness');
  mkdirSync(harnessDir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
    external: ['vscode', 'mocha'],
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['test/vscode/index.ts'], outfile: join(out, 'index.js') }),
    esbuild.build({ ...common, entryPoints: ['test/vscode/harness.ts'], outfile: join(harnessDir, 'harness.js') }),
  ]);
  writeFileSync(
    join(harnessDir, 'package.json'),
    JSON.stringify(
      {
        name: 'deepdrill-test-harness',
        displayName: 'DeepDrill test harness',
        publisher: 'deepdrill',
        version: '0.0.0',
        private: true,
        engines: { vscode: '^1.90.0' },
        main: './harness.js',
        activationEvents: ['onStartupFinished'],
      },
      null,
      2,
    ),
  );
  return { testsPath: join(out, 'index.js'), harnessDir };
}

if (process.argv[1] && process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildVscodeTests());
}
