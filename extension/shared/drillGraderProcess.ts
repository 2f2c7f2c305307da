// Grades submissions of a drill in grader children (dist/grader.js) and owns their whole life,
// as workerProcess.ts does for training: the CLI and (later) the extension host both go through
// here. Learner code never runs in the caller's process. Each check runs under its time limit
// and the child under a memory cap; when a check makes the child die (time limit, memory cap,
// crash, process.abort), that check fails with a message saying why, the rest of that
// submission is reported as not run, and the next submission is graded in a fresh child.

import { readFileSync } from 'node:fs';
import { DEFAULT_GRADER_MEMORY_MB } from './drillMeta';
import { forkOwned } from './ownedChild';
import { isGraderToParent, type CheckResult, type GradeRequest, type Submission, type SubmissionReport } from './graderProtocol';
import type { BackendChoice } from './workerProtocol';

export interface GradeOptions {
  /** Absolute path of dist/grader.js. */
  graderPath: string;
  /** Absolute path of the drill's folder. */
  drillDir: string;
  drillId: string;
  submissions: Submission[];
  /** Defaults to `cpu`: exact float32 arithmetic, the same results on every machine, fast to start. */
  backend?: BackendChoice;
  /** Memory cap of a child in MiB (heap and resident set). */
  memoryLimitMb?: number;
  /** The Node binary; defaults to the current one (in VS Code, Electron running as Node). */
  execPath?: string;
  /** Each check's result as soon as it is known, in order. */
  onCheck?: (submission: number, check: number, result: CheckResult) => void;
}

export type GradeOutcome = { ok: true; reports: SubmissionReport[] } | { ok: false; message: string };

/** A child must have loaded tfjs, the checks and the reference within this time. */
const STARTUP_LIMIT_MS = 30000;
/** How long a child may linger after saying it is done. */
const EXIT_GRACE_MS = 2000;
const MEMORY_POLL_MS = 50;

type Death =
  /** `budgetHint`: the check has a time budget of its own, and this is its hint. */
  | { kind: 'timeout'; limitMs: number; budgetHint?: string }
  | { kind: 'memory'; limitMb: number }
  | { kind: 'crash'; code: number | null; signal: NodeJS.Signals | null; stderr: string };

type ChildOutcome =
  | { kind: 'done' }
  | { kind: 'failed'; message: string }
  /** The child died during check `check` of submission `submission` (indices into its own request). */
  | { kind: 'died'; death: Death; submission: number; check: number }
  | { kind: 'died-early'; death: Death };

/** Resident set size of a process in MiB, from /proc (Linux); undefined elsewhere. */
function residentMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function runChild(
  request: GradeRequest,
  options: GradeOptions,
  onReady: (names: string[], hints: string[] | undefined) => void,
  onResult: (submission: number, check: number, result: CheckResult) => void,
): Promise<ChildOutcome> {
  const memoryLimitMb = options.memoryLimitMb ?? DEFAULT_GRADER_MEMORY_MB;
  const owned = forkOwned(options.graderPath, {
    execArgv: ['--experimental-vm-modules', `--max-old-space-size=${memoryLimitMb}`, '--no-warnings'],
    execPath: options.execPath,
  });
  if ('startError' in owned) return Promise.resolve({ kind: 'failed', message: `Could not start the grader: ${owned.startError}` });
  const { child } = owned;

  return new Promise<ChildOutcome>((resolve) => {
    let ready = false;
    let outcome: ChildOutcome | undefined;
    let checkCount = 0;
    /** The check running, or the next to run: a death between two checks (a kill from outside) is blamed on the next one. */
    let position = { submission: 0, check: 0 };
    let death: Death | undefined;

    const kill = (why: Death): void => {
      death ??= why;
      owned.kill();
    };
    let timer = setTimeout(() => kill({ kind: 'timeout', limitMs: STARTUP_LIMIT_MS }), STARTUP_LIMIT_MS);
    const poll = setInterval(() => {
      const mb = child.pid === undefined ? undefined : residentMb(child.pid);
      if (mb !== undefined && mb > memoryLimitMb) kill({ kind: 'memory', limitMb: memoryLimitMb });
    }, MEMORY_POLL_MS);

    child.on('message', (msg: unknown) => {
      if (!isGraderToParent(msg) || outcome) return;
      // Indices outside this request would point past the arrays they index.
      if ((msg.type === 'checkStart' || msg.type === 'checkEnd') && (msg.submission >= request.submissions.length || msg.check >= checkCount)) return;
      switch (msg.type) {
        case 'ready':
          ready = true;
          checkCount = msg.checks.length;
          clearTimeout(timer);
          onReady(msg.checks, msg.hints);
          return;
        case 'checkStart':
          position = { submission: msg.submission, check: msg.check };
          clearTimeout(timer);
          timer = setTimeout(() => kill({ kind: 'timeout', limitMs: msg.timeLimitMs, budgetHint: msg.budgetHint }), msg.timeLimitMs);
          return;
        case 'checkEnd':
          clearTimeout(timer);
          position = msg.check + 1 < checkCount ? { submission: msg.submission, check: msg.check + 1 } : { submission: msg.submission + 1, check: 0 };
          onResult(msg.submission, msg.check, msg.result);
          return;
        case 'failed':
          outcome = { kind: 'failed', message: msg.message };
          return;
        case 'done':
          outcome ??= { kind: 'done' };
          clearTimeout(timer);
          owned.killAfter(EXIT_GRACE_MS);
          return;
      }
    });

    void owned.closed.then(({ code, signal, startError }) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (outcome) return resolve(outcome);
      if (startError !== undefined) return resolve({ kind: 'failed', message: `Could not start the grader: ${startError}` });
      const why: Death = death ?? (owned.oomSeen ? { kind: 'memory', limitMb: memoryLimitMb } : { kind: 'crash', code, signal, stderr: owned.stderrTail(5) });
      if (!ready) return resolve({ kind: 'died-early', death: why });
      // Every check had ended: only the exit was left.
      if (position.submission >= request.submissions.length) return resolve({ kind: 'done' });
      resolve({ kind: 'died', death: why, ...position });
    });
    // Before any listener is attached the child cannot have answered; sending now is safe.
    child.send(request, (err) => {
      if (err) owned.kill();
    });
  });
}

/** The failed check of a submission whose grader child died while running it. */
export function deathResult(name: string, death: Death, durationMs: number): CheckResult {
  switch (death.kind) {
    case 'timeout':
      if (death.budgetHint !== undefined) {
        return { name, passed: false, message: `Did not finish within its time budget of ${death.limitMs / 1000} s; the grader stopped it.`, hint: death.budgetHint, durationMs };
      }
      return {
        name,
        passed: false,
        message: `Did not finish within ${death.limitMs / 1000} s; the grader stopped it.`,
        hint: 'Look for a loop that never ends (a `while` whose condition never changes, a counter that is never increased) or for work far bigger than the inputs.',
        durationMs,
      };
    case 'memory':
      return {
        name,
        passed: false,
        message: `Used more than ${death.limitMb} MB of memory; the grader stopped it.`,
        hint: 'Look for a tensor or array far bigger than the inputs (e.g. tf.zeros([100000, 100000])), or one that grows in a loop.',
        durationMs,
      };
    case 'crash': {
      const how = death.signal ? `was killed by ${death.signal}` : `exited with code ${death.code}`;
      return {
        name,
        passed: false,
        message: `The grader process ${how} while running this check.${death.stderr ? `\n${death.stderr}` : ''}`,
        hint: 'Something in your code ended the process (process.abort, process.kill, …). Return values from your functions instead.',
        durationMs,
      };
    }
  }
}

function deathMessage(death: Death): string {
  const r = deathResult('', death, 0);
  return r.message;
}

export async function gradeSubmissions(options: GradeOptions): Promise<GradeOutcome> {
  const n = options.submissions.length;
  const started = Date.now();
  let names: string[] | undefined;
  const results: (CheckResult | undefined)[][] = options.submissions.map(() => []);
  const record = (s: number, c: number, r: CheckResult): void => {
    results[s][c] = r;
    options.onCheck?.(s, c, r);
  };

  let next = 0;
  while (next < n) {
    const offset = next;
    let checkStartedAt = Date.now();
    const outcome = await runChild(
      { type: 'grade', drillDir: options.drillDir, submissions: options.submissions.slice(offset), backend: options.backend ?? 'cpu' },
      options,
      (checks) => {
        names = checks;
        checkStartedAt = Date.now();
      },
      (s, c, r) => {
        record(offset + s, c, r);
        checkStartedAt = Date.now();
      },
    );
    if (outcome.kind === 'failed') return { ok: false, message: outcome.message };
    if (outcome.kind === 'died-early' || !names) {
      const why = outcome.kind === 'died' || outcome.kind === 'died-early' ? deathMessage(outcome.death) : 'it stopped early';
      return { ok: false, message: `The grader could not grade ${options.drillId}: ${why}` };
    }
    if (outcome.kind === 'done') break;
    const s = offset + outcome.submission;
    record(s, outcome.check, deathResult(names[outcome.check], outcome.death, Date.now() - checkStartedAt));
    for (let c = outcome.check + 1; c < names.length; c++) {
      record(s, c, { name: names[c], passed: false, message: 'Not run: the grader stopped at an earlier check (see above).', durationMs: 0 });
    }
    next = s + 1;
  }
  const checkNames = names ?? [];
  const reports = results.map((checks): SubmissionReport => {
    const complete = checkNames.map(
      (name, c) => checks[c] ?? { name, passed: false, message: 'Not run: the grader ended before this check.', durationMs: 0 },
    );
    return { drill: options.drillId, passed: complete.length > 0 && complete.every((r) => r.passed), checks: complete, durationMs: Date.now() - started };
  });
  return { ok: true, reports };
}

export interface CheckHint {
  check: string;
  hint: string;
}

/**
 * The hints of a drill's checks, in the order the checks run, from a grader child that loads
 * the drill and grades nothing: the checks are code, which runs only in a grader.
 */
export async function checkHints(options: Omit<GradeOptions, 'submissions' | 'onCheck'>): Promise<{ ok: true; hints: CheckHint[] } | { ok: false; message: string }> {
  let hints: CheckHint[] | undefined;
  const outcome = await runChild(
    { type: 'grade', drillDir: options.drillDir, submissions: [], backend: options.backend ?? 'cpu' },
    { ...options, submissions: [] },
    (names, texts) => {
      hints = names.map((check, i) => ({ check, hint: texts?.[i] ?? '' })).filter((h) => h.hint !== '');
    },
    () => undefined,
  );
  if (outcome.kind === 'failed') return { ok: false, message: outcome.message };
  if (outcome.kind !== 'done' || !hints) {
    const why = outcome.kind === 'died' || outcome.kind === 'died-early' ? deathMessage(outcome.death) : 'it stopped early';
    return { ok: false, message: `The grader could not load ${options.drillId}: ${why}` };
  }
  return { ok: true, hints };
}
