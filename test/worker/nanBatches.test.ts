// What the metrics panel receives when the loss blows up: batch events are throttled, so the
// batches just before the overflow must not be lost, or the chart shows a flat line and then
// an error instead of the climb that explains it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startWorker } from '../../extension/shared/workerProcess';
import type { BatchEvent, WorkerToHost } from '../../extension/shared/workerProtocol';
import { ROOT, fixture } from './cliRun';

const WORKER = join(ROOT, 'dist', 'worker.js');

describe('a loss that overflows, as the metrics panel sees it', () => {
  it('the last finite batch before the overflow is streamed, so the chart shows the loss climbing', async () => {
    const file = fixture('nanLossClimb.ts');
    const events: WorkerToHost[] = [];
    const run = startWorker(
      { type: 'train', file, source: readFileSync(file, 'utf8'), backend: 'cpu' },
      { workerPath: WORKER, onEvent: (e) => events.push(e) },
    );
    const final = await run.done;
    assert.equal(final.type, 'error');
    const error = final.type === 'error' ? final.error : undefined;
    assert.equal(error?.kind, 'nan');
    const where = /at epoch (\d+), batch (\d+)/.exec(error?.message ?? '');
    assert.ok(where, error?.message);
    const [epoch, overflowBatch] = [Number(where[1]), Number(where[2]) - 1]; // the message counts batches from 1
    assert.ok(overflowBatch >= 2, `the fixture overflows after a few finite batches (at batch ${overflowBatch + 1})`);

    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    const last = batches[batches.length - 1];
    assert.ok(last, 'batch events were streamed');
    assert.deepEqual([last.epoch, last.batch], [epoch, overflowBatch - 1], 'the batch just before the overflow was streamed');
    assert.ok(Number.isFinite(last.logs.loss) && last.logs.loss > batches[0].logs.loss, 'it shows the loss climbing');
  });
});
