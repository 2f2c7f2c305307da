// Runs the in-VS-Code suites under @vscode/test-electron, in a desktop VS Code it downloads,
// or in the one named by VSCODE_EXECUTABLE_PATH (needed where VS Code can't be downloaded):
//   VSCODE_EXECUTABLE_PATH=/path/to/code npm run test:vscode
// The same suites run in code-server as part of `npm test` (test/e2e/inVsCode.test.ts).
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const { buildVscodeTests } = await import('../../scripts/buildVscodeTests.mjs');
  const root = join(__dirname, '..', '..');
  const { testsPath } = await buildVscodeTests();
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    launchArgs: [join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
    ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
