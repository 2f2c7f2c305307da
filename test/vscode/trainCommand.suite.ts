// "Train Current Model" seen from inside VS Code, through the extension's API. Runs in the
// extension host, under @vscode/test-electron or in code-server (see index.ts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it, before } from 'mocha';
import type { RunRecord } from '../../extension/shared/runModel';
import { longRunFixture, syntaxErrorFixture, xorExample } from './workspace';

/** What DeepDrill's activate() returns. */
interface DeepDrillApi {
  onDidChangeRun: vscode.Event<unknown>;
  currentRun(): RunRecord | undefined;
  history(file: string): readonly RunRecord[] | Promise<readonly RunRecord[]>;
}

const RUN_TIMEOUT_MS = 180_000;

function repoRoot(): string {
  const ext = vscode.extensions.getExtension('deepdrill.deepdrill');
  assert.ok(ext, 'the DeepDrill extension is installed');
  return ext.extensionPath;
}

/** Opens `file`, runs the palette command, and resolves with the run once it has ended. */
async function trainFile(api: DeepDrillApi, file: string): Promise<RunRecord> {
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc);
  const before = api.currentRun()?.id;
  const ended = new Promise<RunRecord>((resolve, reject) => {
    const check = (): boolean => {
      const run = api.currentRun();
      if (run && run.id !== before && run.file === file && run.status.kind !== 'running') {
        sub.dispose();
        clearTimeout(timer);
        resolve(run);
        return true;
      }
      return false;
    };
    const sub = api.onDidChangeRun(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the run of ${file} did not end within ${RUN_TIMEOUT_MS / 1000} s`));
    }, RUN_TIMEOUT_MS);
    // The command may return only once the run is over, in which case no event comes after.
    void vscode.commands.executeCommand('deepdrill.train').then(check, (e: unknown) => {
      sub.dispose();
      clearTimeout(timer);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
  return ended;
}

describe('DeepDrill: Train Current Model', function () {
  this.timeout(RUN_TIMEOUT_MS + 30_000);
  let api: DeepDrillApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<DeepDrillApi>('deepdrill.deepdrill');
    assert.ok(ext, 'the DeepDrill extension is installed');
    api = await ext.activate();
    assert.equal(typeof api?.currentRun, 'function', 'activate() returns the DeepDrill API');
  });

  it('is a command of the palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('deepdrill.train'));
  });

  it('trains the XOR example to a low loss and keeps the run in the history', async () => {
    const file = xorExample(repoRoot());
    const run = await trainFile(api, file);
    assert.equal(run.status.kind, 'succeeded', `run ended ${JSON.stringify(run.status)}`);
    assert.ok(run.backend, 'the run names its backend');
    const fit = run.fits[0];
    assert.ok(fit && fit.epochLogs.length > 0, 'epoch metrics were recorded');
    const lastLoss = fit.epochLogs[fit.epochLogs.length - 1]?.loss;
    assert.ok(typeof lastLoss === 'number' && lastLoss < fit.epochLogs[0]!.loss!, `loss went down (last ${lastLoss})`);
    const history = await api.history(file);
    assert.ok(history.some((r) => r.id === run.id), 'the run is in the file’s history');
  });

  it('reports a syntax error with its line', async () => {
    const file = syntaxErrorFixture(repoRoot());
    const run = await trainFile(api, file);
    assert.equal(run.status.kind, 'failed');
    if (run.status.kind !== 'failed') return;
    assert.equal(run.status.error.kind, 'syntax');
    assert.equal(run.status.error.line, 5);
    const problems = vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'DeepDrill');
    assert.equal(problems.length, 1, 'the failure is listed in Problems');
    assert.equal(problems[0]!.range.start.line, 4, 'at the line of the error');
  });

  it('has ended a run by the time Stop returns, so the next run can start at once', async () => {
    const file = longRunFixture(repoRoot());
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const training = new Promise<void>((resolve) => {
      const sub = api.onDidChangeRun(() => {
        const run = api.currentRun();
        if (run?.file === file && run.fits.some((f) => f && f.batchLoss.length > 0)) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand('deepdrill.train');
    await training;
    await vscode.commands.executeCommand('deepdrill.stop');
    assert.equal(api.currentRun()?.status.kind, 'stopped');
  });
});
