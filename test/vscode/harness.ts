// A test-only extension for code-server, which has no --extensionTestsPath: it activates when
// VS Code has started, runs the in-VS-Code suites, and writes their outcome to the file named
// by DEEPDRILL_VSCODE_TEST_RESULTS (atomically, so the waiting side never reads half a file).
import { renameSync, writeFileSync } from 'node:fs';
import { runSuites, type SuiteOutcome } from './index';

export function activate(): void {
  const resultsFile = process.env.DEEPDRILL_VSCODE_TEST_RESULTS;
  if (!resultsFile) return;
  void runSuites()
    .catch((e: unknown): SuiteOutcome => ({
      passed: 0,
      failed: 1,
      failures: [{ title: 'loading the in-VS-Code suites', message: e instanceof Error ? e.stack ?? e.message : String(e) }],
    }))
    .then((outcome) => {
      writeFileSync(`${resultsFile}.partial`, JSON.stringify(outcome));
      renameSync(`${resultsFile}.partial`, resultsFile);
    });
}

export function deactivate(): void {}
