// The in-VS-Code suites of test/vscode/ (the ones @vscode/test-electron runs where VS Code can
// be downloaded), run inside code-server's extension host by a test-only harness extension.
// A browser stays connected meanwhile: code-server starts an extension host only for a window.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startVsCode, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const SUITES_TIMEOUT_MS = 6 * 60_000;

interface SuiteOutcome {
  passed: number;
  failed: number;
  failures: { title: string; message: string }[];
}

/** Resolves with the file's content once it exists (it is written by a rename). */
function whenFileExists(file: string, timeoutMs: number, describeState: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(file));
    const finish = (f: () => void): void => {
      clearTimeout(timer);
      watcher.close();
      f();
    };
    const check = (): void => {
      if (existsSync(file)) finish(() => resolve(readFileSync(file, 'utf8')));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`no results from the extension host within ${timeoutMs / 1000} s\n${describeState()}`))),
      timeoutMs,
    );
    watcher.on('change', (_event, name) => {
      if (name === basename(file)) check();
    });
    check();
  });
}

describe('in-VS-Code suites (test/vscode) in code-server', { timeout: SUITES_TIMEOUT_MS + 120_000 }, () => {
  let vs: VsCode | undefined;
  let scratch: string | undefined;
  after(async () => {
    await vs?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('pass in the extension host', async () => {
    const { buildVscodeTests, harnessFolderName } = await import('../../scripts/buildVscodeTests.mjs');
    const { tempDir } = await import('../../scripts/codeServer.mjs');
    const { harnessDir } = await buildVscodeTests();
    scratch = tempDir('deepdrill-vscode-suites-');
    const resultsFile = join(scratch, 'results.json');
    vs = await startVsCode({
      folder: join(root, 'examples'),
      extraExtensions: { [harnessFolderName]: harnessDir },
      env: { DEEPDRILL_VSCODE_TEST_RESULTS: resultsFile },
    });
    const outcome = JSON.parse(
      await whenFileExists(resultsFile, SUITES_TIMEOUT_MS, () => vs!.serverOutput()),
    ) as SuiteOutcome;
    const report = outcome.failures.map((f) => `✖ ${f.title}\n  ${f.message}`).join('\n');
    assert.equal(outcome.failed, 0, `in-VS-Code failures:\n${report}`);
    assert.ok(outcome.passed >= 3, `the suites ran (${outcome.passed} passed)`);
  });
});
