// The training worker killed from outside (as the system's OOM killer or a crash would) and
// stopped by the user, at random points of a run, many times in a row, through startWorker —
// the same wrapper the extension host uses. Each run must end with exactly one final event that
// says what happened, the owner must go on working, and no process may be left behind.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWorker, type WorkerRun } from '../../extension/shared/workerProcess';
import type { FinalEvent, TrainRequest, WorkerToHost } from '../../extension/shared/workerProtocol';
import { ROOT, WORKER, listeningSockets, orphans, processBaseline, reportFigure, runSeed, seeded, type ProcessInfo, type Random } from './faultUtil';

const RUNS = 100;
/** Two runs at a time: the machine's two cores, and the extension host does the same across windows. */
const CONCURRENCY = 2;

function request(path: string, extra: Partial<TrainRequest> = {}): TrainRequest {
  return { type: 'train', file: path, source: readFileSync(path, 'utf8'), backend: 'cpu', ...extra };
}

const XOR_LONG = join(ROOT, 'test', 'fixtures', 'faults', 'xorLong.ts');
const PRINT_FOREVER = join(ROOT, 'test', 'fixtures', 'faults', 'printForever.ts');
const BUSY_LOOP = join(ROOT, 'test', 'fixtures', 'worker', 'busyLoop.ts');

/** Where in a run the fault strikes: right after the fork, or some time after the n-th event of a type. */
interface FaultPoint {
  after: 'fork' | WorkerToHost['type'];
  nth: number;
  delayMs: number;
}

function faultPoint(rng: Random, types: readonly FaultPoint['after'][]): FaultPoint {
  const after = rng.pick(types);
  return { after, nth: after === 'batch' ? 1 + rng.int(30) : after === 'epoch' ? 1 + rng.int(5) : 1, delayMs: rng.int(30) };
}

const describePoint = (p: FaultPoint): string => `${p.delayMs} ms after ${p.after === 'fork' ? 'the fork' : `${p.after} #${p.nth}`}`;

interface Observed {
  run: WorkerRun;
  events: WorkerToHost[];
  final: FinalEvent;
}

/** Starts a run and strikes (`fault`) at the point; resolves once the run has ended. */
async function runWithFault(req: TrainRequest, point: FaultPoint, fault: (run: WorkerRun) => void): Promise<Observed> {
  const events: WorkerToHost[] = [];
  let seen = 0;
  let struck = false;
  const strike = (): void => {
    if (struck) return;
    struck = true;
    setTimeout(() => fault(run), point.delayMs);
  };
  const run = startWorker(req, {
    workerPath: WORKER,
    maxOldSpaceMb: 512,
    onEvent: (e) => {
      events.push(e);
      if (e.type === point.after && ++seen === point.nth) strike();
    },
  });
  if (point.after === 'fork') strike();
  const final = await run.done;
  return { run, events, final };
}

function assertOneFinal(o: Observed, where: string): void {
  const finals = o.events.filter((e) => e.type === 'end' || e.type === 'error');
  assert.equal(finals.length, 1, `${where}: ${finals.length} final events`);
  assert.equal(finals[0], o.final, `${where}: done resolves with the one final event`);
  assert.equal(o.events[o.events.length - 1], o.final, `${where}: nothing after the final event`);
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function inPool<T>(items: T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

describe('the training worker under faults (through startWorker, as the extension host runs it)', () => {
  let baseline: Set<number>;
  before(() => {
    baseline = processBaseline();
  });

  it(`killed with SIGKILL at ${RUNS} random points of a run: each run ends with one clear error`, async () => {
    const seed = runSeed('worker-kills');
    const rng = seeded(seed);
    const points = Array.from({ length: RUNS }, () => faultPoint(rng, ['fork', 'backend', 'log', 'fitStart', 'batch', 'epoch']));
    let killed = 0;
    await inPool(points, async (point, i) => {
      const where = `run ${i} (seed ${seed}), killed ${describePoint(point)}`;
      const o = await runWithFault(request(XOR_LONG), point, (run) => {
        if (run.pid !== undefined) process.kill(run.pid, 'SIGKILL');
      });
      killed++;
      assertOneFinal(o, where);
      assert.equal(o.final.type, 'error', where);
      if (o.final.type !== 'error') return;
      assert.equal(o.final.error.kind, 'oom', `${where}: ${o.final.error.message}`);
      assert.match(o.final.error.message, /killed \(SIGKILL\)/, where);
      assert.ok(o.final.error.hint, `${where}: a next step is given`);
      assert.equal(isAlive(o.run.pid as number), false, `${where}: the worker is gone`);
    });
    reportFigure('runs killed', killed);
  });

  it(`started and stopped ${RUNS} times at random points (training, printing without end, blocked): each ends as stopped`, async () => {
    const seed = runSeed('worker-stops');
    const rng = seeded(seed);
    const plans = Array.from({ length: RUNS }, () => {
      const file = rng.pick([XOR_LONG, XOR_LONG, XOR_LONG, PRINT_FOREVER, BUSY_LOOP]);
      const types: FaultPoint['after'][] = file === XOR_LONG ? ['fork', 'backend', 'log', 'fitStart', 'batch', 'epoch'] : ['fork', 'backend'];
      return { file, point: faultPoint(rng, types) };
    });
    let stopped = 0;
    await inPool(plans, async ({ file, point }, i) => {
      const where = `run ${i} of ${file.slice(ROOT.length + 1)} (seed ${seed}), stopped ${describePoint(point)}`;
      let stopReturned: Promise<void> | undefined;
      const o = await runWithFault(request(file), point, (run) => {
        stopReturned = run.stop();
      });
      await stopReturned;
      stopped++;
      assertOneFinal(o, where);
      assert.equal(o.final.type === 'error' && o.final.error.kind, 'stopped', `${where}: ${JSON.stringify(o.final)}`);
      assert.equal(o.final.type === 'error' && o.final.error.message, 'Training was stopped.', where);
      assert.equal(isAlive(o.run.pid as number), false, `${where}: the worker is gone once stop() returns`);
    });
    reportFigure('runs stopped', stopped);
  });

  it('during a run the worker listens on no network port', async () => {
    let pid = 0;
    let sockets: string[] = ['not looked at'];
    const o = await runWithFault(request(XOR_LONG), { after: 'epoch', nth: 2, delayMs: 0 }, (run) => {
      pid = run.pid as number;
      sockets = listeningSockets(pid);
      void run.stop();
    });
    assert.equal(o.final.type === 'error' && o.final.error.kind, 'stopped');
    assert.ok(pid > 0);
    assert.deepEqual(sockets, []);
  });

  it('after all that, the owner still trains a file to the end', async () => {
    const events: WorkerToHost[] = [];
    const run = startWorker(request(join(ROOT, 'test', 'fixtures', 'worker', 'xorScript.ts'), { epochs: 3 }), {
      workerPath: WORKER,
      onEvent: (e) => events.push(e),
    });
    const final = await run.done;
    assert.equal(final.type, 'end', JSON.stringify(final));
    assert.equal(events.filter((e) => e.type === 'epoch').length, 3);
  });

  let left: ProcessInfo[] = [];
  after(() => reportFigure('orphans found (worker)', left.length));
  it('no worker, nor any process a worker started, is left behind', async () => {
    left = await orphans(baseline);
    assert.deepEqual(left, []);
  });
});
