// Data-parallel training (DEEPDRILL_DATA_PARALLEL=1) through the real CLI and worker process:
// the replica thread lives and dies with the run. Whether batches are split, and that the
// result equals one thread's, is tested in test/kernels/dataParallel.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childPids, finalLine, fixture, ofType, processExists, startCli, trainJson } from './cliRun';

// Each test file runs in its own process: the CLI, and the worker it starts, inherit this.
process.env.DEEPDRILL_DATA_PARALLEL = '1';
delete process.env.DEEPDRILL_WASM_THREADS;

describe('data-parallel training in the worker', () => {
  it('says so in the backend detail, trains three fits with their callbacks, and the worker exits on its own', async () => {
    const r = await trainJson('threeFits.ts', '--backend', 'wasm');
    assert.equal(r.signal, null);
    assert.equal(r.code, 0, r.stderr);
    const backend = ofType(r.lines, 'backend')[0];
    assert.match(String(backend?.detail), /data-parallel on 2 threads/);
    assert.equal(ofType(r.lines, 'fitEnd').length, 3);
    assert.ok(r.stdout.includes('user batches 8'), r.stdout);
    const last = finalLine(r);
    assert.equal(last.type, 'end', JSON.stringify(last));
  });

  it('a stop mid-training ends the worker, replica thread and all', async () => {
    const cli = startCli(['train', fixture('longTraining.ts'), '--json', '--backend', 'wasm']);
    await cli.waitFor('epoch');
    const [worker] = childPids(cli.child.pid as number);
    assert.ok(worker, 'the CLI runs a worker');
    cli.child.kill('SIGINT');
    const r = await cli.result;
    assert.equal(r.code, 130);
    assert.equal(finalLine(r).kind, 'stopped');
    assert.equal(processExists(worker), false, `worker ${worker} is still running`);
  });
});
