import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { childPids, finalLine, fixture, processExists, startCli } from './cliRun';

/** The limit: a stop ends the run within a second. */
const STOP_LIMIT_MS = 1000;

async function interruptAfter(fixtureName: string, waitForType: string) {
  const cli = startCli(['train', fixture(fixtureName), '--json', '--backend', 'cpu']);
  await cli.waitFor(waitForType);
  const cliPid = cli.child.pid as number;
  const workers = childPids(cliPid);
  assert.equal(workers.length, 1, 'the CLI runs one worker process');
  const stoppedAt = Date.now();
  cli.child.kill('SIGINT');
  const r = await cli.result;
  const elapsed = Date.now() - stoppedAt;
  return { r, elapsed, worker: workers[0] };
}

describe('stopping a run', () => {
  it('Ctrl-C (SIGINT) mid-training ends the run within 1 s and leaves no worker process', async () => {
    const { r, elapsed, worker } = await interruptAfter('longTraining.ts', 'epoch');
    assert.ok(elapsed < STOP_LIMIT_MS, `stopped after ${elapsed} ms`);
    assert.equal(r.code, 130);
    const last = finalLine(r);
    assert.equal(last.type, 'error');
    assert.equal(last.kind, 'stopped');
    assert.equal(processExists(worker), false, `worker ${worker} is still running`);
  });

  it('code that never reaches fit and never yields is stopped too (the worker is killed)', async () => {
    const { r, elapsed, worker } = await interruptAfter('busyLoop.ts', 'backend');
    assert.ok(elapsed < STOP_LIMIT_MS, `stopped after ${elapsed} ms`);
    assert.equal(r.code, 130);
    assert.equal(finalLine(r).kind, 'stopped');
    assert.equal(processExists(worker), false, `worker ${worker} is still running`);
  });

  it('a worker whose parent is killed outright (SIGKILL, no chance to stop it) ends too, even in a busy loop', async () => {
    const cli = startCli(['train', fixture('busyLoop.ts'), '--json', '--backend', 'cpu']);
    await cli.waitFor('backend');
    const [worker] = childPids(cli.child.pid as number);
    assert.ok(worker, 'the CLI runs a worker');
    cli.child.kill('SIGKILL');
    await once(cli.child, 'exit');
    // Nothing can be awaited from an orphan: look for it, for a bounded time.
    const deadline = Date.now() + 5000;
    while (processExists(worker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(processExists(worker), false, `worker ${worker} outlived its parent`);
  });
});
