// Drill progress (the review log) and the run history must survive what happens to VS Code:
// killed with SIGKILL at any moment of a write, two windows (two processes) writing at once,
// and a damaged file. The writers are real processes using the real stores
// (test/fixtures/faults/stateWriter.ts, bundled once so that each starts in a few ms).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { HistoryStore } from '../../extension/host/historyStore';
import { ProgressStore } from '../../extension/shared/drillProgressStore';
import { parseHistory } from '../../extension/shared/runHistory';
import { ROOT, reportFigure, runSeed, seeded } from './faultUtil';

const KILLS = 60;
let dir: string;
let writer: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deepdrill-data-safety-'));
  writer = join(dir, 'stateWriter.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'test', 'fixtures', 'faults', 'stateWriter.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: writer,
    external: ['vscode'],
    logLevel: 'warning',
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Writer {
  /** Ids whose save returned, in order. */
  saved: string[];
  ended: Promise<NodeJS.Signals | null>;
  kill(): void;
}

function startWriter(mode: 'progress' | 'history', target: string, prefix: string, count?: number, onSaved?: (n: number) => void): Writer {
  const child = spawn(process.execPath, [writer, mode, target, prefix, ...(count ? [String(count)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const saved: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (id) => {
    saved.push(id);
    onSaved?.(saved.length);
  });
  const ended = new Promise<NodeJS.Signals | null>((resolve, reject) =>
    child.once('close', (code, signal) => (signal || code === 0 ? resolve(signal) : reject(new Error(`writer exited with ${code}\n${stderr}`)))),
  );
  return { saved, ended, kill: () => child.kill('SIGKILL') };
}

async function reviewIdsOnDisk(file: string): Promise<Set<string>> {
  const loaded = await new ProgressStore(file).load();
  assert.equal(loaded.source === 'file' || loaded.source === 'none', true, `the file itself is sound (${loaded.source})`);
  return new Set(loaded.progress.reviews.map((r) => r.drill));
}

function runIdsOnDisk(folder: string): Set<string> {
  const parsed = parseHistory(readFileSync(join(folder, 'runHistory.json'), 'utf8'));
  assert.equal(parsed.problem, undefined, 'the history file parses');
  return new Set(Object.values(parsed.history.files).flatMap((runs) => runs.map((r) => r.id)));
}

/** Kills a writer `KILLS` times at random moments; every id it printed must be on disk after each kill. */
async function killLoop(mode: 'progress' | 'history', seed: string): Promise<{ interrupted: number; lost: string[] }> {
  const rng = seeded(seed);
  const target = mode === 'progress' ? join(dir, `${mode}-kills`, 'progress.json') : join(dir, `${mode}-kills`);
  const acknowledged: string[] = [];
  const lost: string[] = [];
  let interrupted = 0;
  for (let k = 0; k < KILLS; k++) {
    const after = 1 + rng.int(4);
    const delayMs = rng.int(15);
    let struck = false;
    const w = startWriter(mode, target, `k${k}`, undefined, (n) => {
      if (n === after && !struck) {
        struck = true;
        setTimeout(() => w.kill(), delayMs);
      }
    });
    const signal = await w.ended;
    assert.equal(signal, 'SIGKILL', 'the writer was killed while it was still writing');
    interrupted++;
    acknowledged.push(...w.saved);
    const onDisk = mode === 'progress' ? await reviewIdsOnDisk(target) : runIdsOnDisk(target);
    for (const id of acknowledged) if (!onDisk.has(id)) lost.push(`${id} (after kill ${k}, seed ${seed})`);
  }
  return { interrupted, lost };
}

describe('data safety: progress and run history', () => {
  let interrupted = 0;
  let lost = 0;
  after(() => {
    reportFigure('writes interrupted', interrupted);
    reportFigure('reviews lost', lost);
  });

  for (const mode of ['progress', 'history'] as const) {
    it(`${mode}: a writer killed with SIGKILL at ${KILLS} random moments loses nothing it said was saved, and leaves a sound file`, async () => {
      const r = await killLoop(mode, runSeed(`${mode}-kills`));
      interrupted += r.interrupted;
      lost += r.lost.length;
      assert.deepEqual(r.lost, []);
    });

    it(`${mode}: two processes (two VS Code windows) writing at once keep each other's saves`, async () => {
      const target = mode === 'progress' ? join(dir, `${mode}-two`, 'progress.json') : join(dir, `${mode}-two`);
      const a = startWriter(mode, target, 'windowA', 30);
      const b = startWriter(mode, target, 'windowB', 30);
      await Promise.all([a.ended, b.ended]);
      const onDisk = mode === 'progress' ? await reviewIdsOnDisk(target) : runIdsOnDisk(target);
      const missing = [...a.saved, ...b.saved].filter((id) => !onDisk.has(id));
      lost += missing.length;
      assert.equal(a.saved.length + b.saved.length, 60);
      assert.deepEqual(missing, []);
    });
  }

  it('a damaged run history is restored from its backup, the user is told once, and the damaged file is kept', async () => {
    const folder = join(dir, 'history-damaged');
    const run = (id: string) => ({ id, file: '/models/a.ts', startedAt: Number(id.slice(1)), fits: [], status: { kind: 'stopped' as const } });
    const store = new HistoryStore(folder, { warn: () => undefined });
    store.add(run('r1'), 20);
    store.add(run('r2'), 20);
    await store.flush();
    writeFileSync(join(folder, 'runHistory.json'), '{"version":1,"files":{"/models/a.ts":[{"id":"r');
    const told: string[] = [];
    const logged: string[] = [];
    const reopened = new HistoryStore(folder, { warn: (m) => logged.push(m) }, (m) => told.push(m));
    await reopened.load();
    assert.deepEqual(reopened.runs('/models/a.ts').map((r) => r.id), ['r1'], 'the backup holds the version before the last save');
    assert.equal(told.length, 1);
    assert.match(told[0], /restored the history of your training runs from its backup/);
    assert.match(logged[0], /runHistory\.json was corrupt \(not valid JSON/);
    reopened.add(run('r3'), 20);
    await reopened.flush();
    assert.equal(told.length, 1, 'told once');
    assert.ok(readdirSync(folder).some((f) => f.startsWith('runHistory.json.corrupt-')));
    assert.deepEqual(runIdsOnDiskSorted(folder), ['r1', 'r3']);
  });
});

function runIdsOnDiskSorted(folder: string): string[] {
  return [...runIdsOnDisk(folder)].sort();
}
