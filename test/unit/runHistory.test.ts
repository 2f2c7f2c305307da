import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEvent, newRun, type RunRecord } from '../../extension/shared/runModel';
import {
  MAX_FILES,
  STORED_BATCH_POINTS,
  addRun,
  compactRun,
  emptyHistory,
  parseHistory,
  runsOf,
  serializeHistory,
  trimHistory,
} from '../../extension/shared/runHistory';
import type { WorkerToHost } from '../../extension/shared/workerProtocol';

function finishedRun(id: string, file: string, startedAt: number, losses: number[] = [1, 0.5]): RunRecord {
  const events: WorkerToHost[] = [
    { type: 'backend', backend: 'cpu', detail: 'JavaScript' },
    { type: 'fitStart', fit: 0, epochs: losses.length, batchesPerEpoch: 2, validation: false },
    ...losses.map((loss, i): WorkerToHost => ({ type: 'epoch', fit: 0, epoch: i + 1, logs: { loss }, elapsedMs: 10 })),
    { type: 'end', backend: 'cpu', logs: { loss: losses[losses.length - 1] }, durationMs: 20 },
  ];
  return events.reduce((run, e) => applyEvent(run, e, startedAt + 1), newRun(id, file, startedAt));
}

describe('run history', () => {
  it('keeps the newest runs of a file first and at most the configured number', () => {
    let h = emptyHistory();
    for (let i = 0; i < 5; i++) h = addRun(h, finishedRun(`r${i}`, '/ws/a.ts', 1000 + i), 3);
    assert.deepEqual(runsOf(h, '/ws/a.ts').map((r) => r.id), ['r4', 'r3', 'r2']);
    assert.deepEqual(runsOf(h, '/ws/b.ts'), []);
  });

  it('keeps files apart and does not modify the history it is given', () => {
    const h1 = addRun(emptyHistory(), finishedRun('a1', '/ws/a.ts', 1));
    const before = serializeHistory(h1);
    const h2 = addRun(h1, finishedRun('b1', '/ws/b.ts', 2));
    assert.equal(serializeHistory(h1), before);
    assert.deepEqual(runsOf(h2, '/ws/a.ts').map((r) => r.id), ['a1']);
    assert.deepEqual(runsOf(h2, '/ws/b.ts').map((r) => r.id), ['b1']);
  });

  it('replaces a run saved twice instead of listing it twice', () => {
    const run = finishedRun('r1', '/ws/a.ts', 1);
    const h = addRun(addRun(emptyHistory(), run), run);
    assert.equal(runsOf(h, '/ws/a.ts').length, 1);
  });

  it('applies a lowered history size to every file', () => {
    let h = emptyHistory();
    for (let i = 0; i < 4; i++) h = addRun(h, finishedRun(`r${i}`, '/ws/a.ts', i));
    assert.deepEqual(runsOf(trimHistory(h, 2), '/ws/a.ts').map((r) => r.id), ['r3', 'r2']);
  });

  it('forgets the files trained longest ago beyond the file limit', () => {
    let h = emptyHistory();
    for (let i = 0; i <= MAX_FILES; i++) h = addRun(h, finishedRun(`r${i}`, `/ws/f${i}.ts`, i));
    assert.equal(Object.keys(h.files).length, MAX_FILES);
    assert.deepEqual(runsOf(h, '/ws/f0.ts'), []);
    assert.equal(runsOf(h, `/ws/f${MAX_FILES}.ts`).length, 1);
  });

  it('round-trips through its serialized form', () => {
    const h = addRun(emptyHistory(), finishedRun('r1', '/ws/a.ts', 5, [2, 1, 0.25]));
    const parsed = parseHistory(serializeHistory(h));
    assert.equal(parsed.problem, undefined);
    assert.equal(parsed.dropped, 0);
    assert.deepEqual(parsed.history, JSON.parse(serializeHistory(h)));
  });

  it('thins long per-batch series before storing, keeping the last point', () => {
    let run = newRun('r', '/ws/a.ts', 0);
    run = applyEvent(run, { type: 'fitStart', fit: 0, epochs: 1, batchesPerEpoch: 1800, validation: false }, 0);
    for (let step = 1; step <= 1800; step++) {
      run = applyEvent(run, { type: 'batch', fit: 0, epoch: 1, batch: step - 1, step, logs: { loss: 1 / step } }, 0);
    }
    const compact = compactRun(run);
    const points = compact.fits[0].batchLoss;
    assert.ok(points.length <= STORED_BATCH_POINTS + 1, `${points.length} points`);
    assert.deepEqual(points[points.length - 1], run.fits[0].batchLoss[run.fits[0].batchLoss.length - 1]);
    assert.equal(points[0][0], run.fits[0].batchLoss[0][0]);
  });

  it('reads a corrupt or foreign file as an empty history with the reason', () => {
    for (const text of ['{"version":1,"files":', '', 'null', '[]', '{"version":99,"files":{}}', '{"files":"x","version":1}']) {
      const parsed = parseHistory(text);
      assert.deepEqual(parsed.history, emptyHistory(), text);
      assert.ok(parsed.problem, `no problem reported for ${JSON.stringify(text)}`);
    }
  });

  it('drops malformed runs and keeps the sound ones', () => {
    const good = finishedRun('good', '/ws/a.ts', 10);
    const text = JSON.stringify({
      version: 1,
      files: {
        '/ws/a.ts': [good, { ...good, id: 'bad', status: { kind: 'exploded' } }, { ...good, id: 'x', fits: 'none' }, 42],
        '/ws/b.ts': [{ ...good, id: 'elsewhere' }],
        '/ws/c.ts': 'not a list',
      },
    });
    const parsed = parseHistory(text);
    assert.deepEqual(runsOf(parsed.history, '/ws/a.ts').map((r) => r.id), ['good']);
    // A run filed under another file's name is not trusted either.
    assert.deepEqual(runsOf(parsed.history, '/ws/b.ts'), []);
    assert.equal(parsed.dropped, 5);
  });

  it('keeps a run whose NaN loss was stored as null', () => {
    const run = finishedRun('nan', '/ws/a.ts', 1, [1, NaN]);
    const parsed = parseHistory(serializeHistory(addRun(emptyHistory(), run)));
    assert.equal(runsOf(parsed.history, '/ws/a.ts').length, 1);
  });
});
