import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startWorker } from '../../extension/shared/workerProcess';
import type { TrainRequest, WorkerToHost } from '../../extension/shared/workerProtocol';
import { ROOT, fixture, processExists } from './cliRun';

const WORKER = join(ROOT, 'dist', 'worker.js');

function request(name: string, extra: Partial<TrainRequest> = {}): TrainRequest {
  const file = fixture(name);
  return { type: 'train', file, source: readFileSync(file, 'utf8'), backend: 'cpu', ...extra };
}

describe('startWorker (the process wrapper the extension host and the CLI share)', () => {
  it('delivers every event, ends with exactly one final event that done resolves with, and the process is gone', async () => {
    const events: WorkerToHost[] = [];
    const run = startWorker(request('xorScript.ts', { epochs: 2 }), { workerPath: WORKER, onEvent: (e) => events.push(e) });
    const final = await run.done;
    assert.equal(final.type, 'end');
    assert.equal(events[events.length - 1], final);
    assert.equal(events.filter((e) => e.type === 'end' || e.type === 'error').length, 1);
    assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : 0)), [1, 2]);
    assert.equal(processExists(run.pid as number), false);
    await run.stop(); // stopping a finished run is harmless
  });

  it('the final event after stop() is a stopped error, even while user code blocks the worker', async () => {
    let sawBackend: () => void = () => undefined;
    const backendSeen = new Promise<void>((resolve) => (sawBackend = resolve));
    const run = startWorker(request('busyLoop.ts'), {
      workerPath: WORKER,
      onEvent: (e) => {
        if (e.type === 'backend') sawBackend();
      },
    });
    await backendSeen;
    await run.stop();
    assert.equal(processExists(run.pid as number), false);
    const final = await run.done;
    assert.equal(final.type, 'error');
    assert.equal(final.type === 'error' && final.error.kind, 'stopped');
  });

  it('a worker that runs out of memory ends with an oom error, not silence, nor a page of V8 internals', async () => {
    const logs: string[] = [];
    const run = startWorker(request('outOfMemory.ts'), {
      workerPath: WORKER,
      onEvent: (e) => {
        if (e.type === 'log') logs.push(e.text);
      },
      maxOldSpaceMb: 256,
    });
    const final = await run.done;
    assert.deepEqual(
      logs.filter((t) => /Last few GCs|Native stack|FATAL ERROR|v8::/.test(t)),
      [],
      'V8’s fatal report is not passed on as the learner’s output',
    );
    assert.equal(final.type, 'error');
    assert.equal(final.type === 'error' && final.error.kind, 'oom', JSON.stringify(final));
    assert.ok(final.type === 'error' && final.error.hint);
  });

  it('a Node binary that cannot start gives a crash error, and stopping that run still returns', async () => {
    const run = startWorker(request('xorScript.ts'), { workerPath: WORKER, execPath: '/nonexistent/node', onEvent: () => undefined });
    const final = await run.done;
    assert.equal(final.type === 'error' && final.error.kind, 'crash');
    await run.stop();
  });

  it('a worker file that does not exist gives a crash error', async () => {
    const run = startWorker(request('xorScript.ts'), { workerPath: join(ROOT, 'dist', 'no-such-worker.js'), onEvent: () => undefined });
    const final = await run.done;
    assert.equal(final.type, 'error');
    assert.equal(final.type === 'error' && final.error.kind, 'crash');
  });
});
