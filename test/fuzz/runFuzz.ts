// Runs generated cases through the real worker (one process per run, through startWorker, as
// the extension host does) and the real grader (gradeSubmissions), and sorts how each ended:
// - result: the run ended (`end`), or the submission got a report whose every check has a message;
// - clear error: the run ended with an error of a known kind and a message (a limit reached
//   counts: the owner stopped it, and the run said so);
// - crash: the worker died without saying why (kind `crash`), or the grader gave up on a drill;
// - hang: the run did not end within its limit plus the grace to stop it.

import { join } from 'node:path';
import { gradeSubmissions } from '../../extension/shared/drillGraderProcess';
import { loadDrills } from '../../extension/shared/drillMeta';
import type { SubmissionReport } from '../../extension/shared/graderProtocol';
import { startWorker } from '../../extension/shared/workerProcess';
import type { FinalEvent, RunErrorKind } from '../../extension/shared/workerProtocol';
import { GRADER, ROOT, WORKER, listProcesses } from '../faults/faultUtil';
import type { FuzzCase } from './generate';

export interface FuzzOptions {
  /** Worker runs at a time. */
  concurrency: number;
  /** A run still going after this is stopped (and counts as a clear error: the limit). */
  runLimitMs: number;
  /** Submissions graded by one gradeSubmissions call (it starts a fresh child only after a death). */
  submissionsPerGrade: number;
  onProgress?: (done: number, total: number) => void;
}

export interface FuzzStats {
  files: number;
  results: number;
  clearErrors: number;
  crashes: number;
  hangs: number;
  /** Errors by kind (worker) or by the first failed check's message start (grader), for the log. */
  byKind: Record<string, number>;
  /** What went wrong, for the failure message: case name and what was seen. */
  problems: string[];
  /** Cases stopped at the run limit (not a failure; worth a look when there are many). */
  slow: string[];
}

const KNOWN_KINDS: readonly RunErrorKind[] = ['syntax', 'runtime', 'no-model', 'shape', 'nan', 'stopped', 'oom', 'backend', 'bad-request'];
/** After a stop request the worker is SIGKILLed within STOP_GRACE_MS; this is generous on a loaded machine. */
const HANG_GRACE_MS = 10000;

function emptyStats(): FuzzStats {
  return { files: 0, results: 0, clearErrors: 0, crashes: 0, hangs: 0, byKind: {}, problems: [], slow: [] };
}

async function runModel(c: FuzzCase, options: FuzzOptions, stats: FuzzStats): Promise<void> {
  let limitHit = false;
  const run = startWorker(
    { type: 'train', file: c.file, source: c.source, backend: 'wasm', epochs: 1 },
    // A small heap: a layer of a million units fails as out of memory instead of swapping.
    { workerPath: WORKER, maxOldSpaceMb: 512, onEvent: () => undefined },
  );
  const limit = setTimeout(() => {
    limitHit = true;
    void run.stop();
  }, options.runLimitMs);
  let hangTimer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    hangTimer = setTimeout(() => resolve('hang'), options.runLimitMs + HANG_GRACE_MS);
  });
  const final: FinalEvent | 'hang' = await Promise.race([run.done, hang]);
  clearTimeout(limit);
  clearTimeout(hangTimer);
  stats.files++;
  if (final === 'hang') {
    stats.hangs++;
    stats.problems.push(`hang: ${c.name}`);
    if (run.pid !== undefined) process.kill(run.pid, 'SIGKILL');
    await run.done;
    return;
  }
  // (A training run never ends with a summary; only a describe request does.)
  if (final.type === 'end' || final.type === 'summary') {
    stats.results++;
    stats.byKind.result = (stats.byKind.result ?? 0) + 1;
    return;
  }
  const kind = limitHit && final.error.kind === 'stopped' ? 'run limit' : final.error.kind;
  if (kind === 'run limit') stats.slow.push(c.name);
  stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
  if (KNOWN_KINDS.includes(final.error.kind) && final.error.message.trim().length > 0) {
    stats.clearErrors++;
  } else {
    stats.crashes++;
    stats.problems.push(`${final.error.kind}: ${c.name}: ${final.error.message.slice(0, 300)}`);
  }
}

function isClearReport(r: SubmissionReport): boolean {
  return r.checks.length > 0 && r.checks.every((c) => typeof c.message === 'string' && c.message.trim().length > 0);
}

async function gradeBatch(drill: string, batch: FuzzCase[], stats: FuzzStats): Promise<void> {
  const meta = loadDrills(join(ROOT, 'exercises')).drills.find((d) => d.meta.id === drill)?.meta;
  // The longest a batch can take: every check of every submission at its limit, plus start-ups.
  const limitMs = batch.length * 60000;
  let hangTimer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    hangTimer = setTimeout(() => resolve('hang'), limitMs);
  });
  const outcome = await Promise.race([
    gradeSubmissions({
      graderPath: GRADER,
      drillDir: join(ROOT, 'exercises', drill),
      drillId: drill,
      backend: meta?.graderBackend,
      memoryLimitMb: meta?.memoryLimitMb,
      submissions: batch.map((c) => ({ file: c.file, source: c.source })),
    }),
    hang,
  ]);
  clearTimeout(hangTimer);
  stats.files += batch.length;
  if (outcome === 'hang') {
    stats.hangs += batch.length;
    stats.problems.push(`hang grading ${drill}: ${batch.map((c) => c.name).join('; ')}`);
    for (const p of listProcesses().filter((p) => p.ppid === process.pid && p.cmd.includes(GRADER))) process.kill(p.pid, 'SIGKILL');
    return;
  }
  if (!outcome.ok) {
    stats.crashes += batch.length;
    stats.problems.push(`grader gave up on ${drill}: ${outcome.message.slice(0, 300)}`);
    return;
  }
  outcome.reports.forEach((r, i) => {
    const failed = r.checks.find((c) => !c.passed);
    const kind = failed ? `check failed: ${failed.message.split(/[:.(]/)[0].slice(0, 40)}` : 'passed';
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    if (!isClearReport(r)) {
      stats.crashes++;
      stats.problems.push(`unclear report: ${batch[i].name}`);
    } else if (r.passed) stats.results++;
    else stats.clearErrors++;
  });
}

export async function runFuzz(cases: FuzzCase[], options: FuzzOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  const models = cases.filter((c) => c.kind === 'model');
  const byDrill = new Map<string, FuzzCase[]>();
  for (const c of cases.filter((c) => c.kind === 'submission')) {
    const list = byDrill.get(c.drill as string) ?? [];
    list.push(c);
    byDrill.set(c.drill as string, list);
  }
  // Work items: each model run, and each batch of one drill's submissions.
  const work: (() => Promise<void>)[] = models.map((c) => () => runModel(c, options, stats));
  for (const [drill, list] of byDrill) {
    for (let i = 0; i < list.length; i += options.submissionsPerGrade) {
      const batch = list.slice(i, i + options.submissionsPerGrade);
      work.push(() => gradeBatch(drill, batch, stats));
    }
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < work.length) {
      await work[next++]();
      options.onProgress?.(stats.files, cases.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return stats;
}

export function summary(stats: FuzzStats): string {
  const kinds = Object.entries(stats.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return `files fuzzed ${stats.files}: results ${stats.results}, clear errors ${stats.clearErrors}, crashes ${stats.crashes}, hangs ${stats.hangs}\n  (${kinds})`;
}

/**
 * The size CI runs: 1 000 cheap cases, most failing fast at syntax, type or config. A model
 * case costs a worker process (0.2–1 s); a submission costs only its checks (a grader child
 * grades a batch, and is replaced only after a death), so submissions are the larger share.
 */
export const CI_SIZE = {
  models: 250,
  submissions: 750,
  options: { concurrency: 2, runLimitMs: 8000, submissionsPerGrade: 25 },
};

/** `npm run fuzz -- --long`. */
export const LONG_SIZE = {
  models: 2000,
  submissions: 3000,
  options: { concurrency: 2, runLimitMs: 20000, submissionsPerGrade: 25 },
};
