// Runs the in-VS-Code mocha suites inside an extension host. `run()` is the entry point
// @vscode/test-electron calls (extensionTestsPath); the test-harness extension calls
// `runSuites()` in code-server and writes the outcome to a file the node:test side awaits.
import Mocha from 'mocha';

export interface SuiteOutcome {
  passed: number;
  failed: number;
  failures: { title: string; message: string }[];
}

export async function runSuites(): Promise<SuiteOutcome> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Suites call mocha's describe/it, which exist only once this has run; so they are loaded
  // after it, not imported at the top.
  mocha.suite.emit('pre-require', globalThis, 'deepdrill-vscode-suites', mocha);
  await import('./trainCommand.suite.js');
  await import('./drills.suite.js');
  const failures: SuiteOutcome['failures'] = [];
  let passed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => passed++);
    runner.on('fail', (t: Mocha.Runnable, err: Error) => failures.push({ title: t.fullTitle(), message: err.message }));
  });
  return { passed, failed: failures.length, failures };
}

export async function run(): Promise<void> {
  const outcome = await runSuites();
  if (outcome.failed > 0) throw new Error(`${outcome.failed} in-VS-Code test(s) failed`);
}
