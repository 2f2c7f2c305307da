// The one protocol between a grader child (dist/grader.js) and whoever grades: the `deepdrill`
// CLI now, the extension host later. Both sides import this module; nothing else crosses the
// IPC channel. One child grades one or more submissions of one drill, one check at a time, and
// announces each check before it runs, so the parent can enforce the check's time limit and
// blame a death (time limit, memory cap, crash) on the check that was running.

import type { BackendChoice, BackendName } from './workerProtocol';

/** The outcome of one check on one submission. */
export interface CheckResult {
  /** The check's name (unique within the drill). */
  name: string;
  passed: boolean;
  /** One line: what was found ("ok" when passed). */
  message: string;
  /** For a failure: the arguments the check used, as text. */
  input?: string;
  expected?: string;
  actual?: string;
  /** For a failure: what to look at, in words that teach. */
  hint?: string;
  /** 1-based line in the submission that the failure points at. */
  line?: number;
  /** What the submission printed (console.*) during the check, truncated. */
  output?: string;
  durationMs: number;
}

/** The grade of one submission. */
export interface SubmissionReport {
  drill: string;
  /** True only when every check passed. */
  passed: boolean;
  checks: CheckResult[];
  durationMs: number;
}

/** A file to grade. */
export interface Submission {
  /** Absolute path: relative imports resolve from it and messages name it. */
  file: string;
  /** Its text (may differ from the disk: an unsaved editor). */
  source: string;
}

// ---- parent → grader ----------------------------------------------------------------------

export interface GradeRequest {
  type: 'grade';
  /** Absolute path of the drill's folder (drill.json, solution.ts, checks.ts). */
  drillDir: string;
  submissions: Submission[];
  backend: BackendChoice;
}

// ---- grader → parent ----------------------------------------------------------------------

/** The drill's checks and reference loaded; `checks` are the names, in the order they will run. */
export interface ReadyEvent {
  type: 'ready';
  backend: BackendName;
  checks: string[];
  /** Each check's hint, in the order of `checks` ('' where there is none): what the Hint command reveals, one at a time. */
  hints?: string[];
}

/** Check `check` (index into `checks`) of submission `submission` starts; the parent times it. */
export interface CheckStartEvent {
  type: 'checkStart';
  submission: number;
  check: number;
  timeLimitMs: number;
  /** Set when the check has a time budget of its own: what to do when it runs out (the check's hint). */
  budgetHint?: string;
}

export interface CheckEndEvent {
  type: 'checkEnd';
  submission: number;
  check: number;
  result: CheckResult;
}

/** The drill itself could not be graded (its folder, reference or checks are broken); not the learner's fault. */
export interface GraderFailedEvent {
  type: 'failed';
  message: string;
}

/** Every submission was graded; the child exits next. */
export interface DoneEvent {
  type: 'done';
}

export type GraderToParent = ReadyEvent | CheckStartEvent | CheckEndEvent | GraderFailedEvent | DoneEvent;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function isGradeRequest(x: unknown): x is GradeRequest {
  return (
    isObject(x) &&
    x.type === 'grade' &&
    typeof x.drillDir === 'string' &&
    typeof x.backend === 'string' &&
    Array.isArray(x.submissions) &&
    x.submissions.every((s: unknown) => isObject(s) && typeof s.file === 'string' && typeof s.source === 'string')
  );
}

const isOptionalString = (x: unknown): boolean => x === undefined || typeof x === 'string';

function isCheckResult(x: unknown): x is CheckResult {
  return (
    isObject(x) &&
    typeof x.name === 'string' &&
    typeof x.passed === 'boolean' &&
    typeof x.message === 'string' &&
    typeof x.durationMs === 'number' &&
    [x.input, x.expected, x.actual, x.hint, x.output].every(isOptionalString) &&
    // A diagnostic is placed at this line.
    (x.line === undefined || (typeof x.line === 'number' && Number.isInteger(x.line) && x.line >= 1))
  );
}

/** An index into the request's submissions or the drill's checks: the parent indexes arrays with it. */
const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 1e6;

export function isGraderToParent(x: unknown): x is GraderToParent {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready':
      return (
        typeof x.backend === 'string' &&
        ['tensorflow', 'wasm', 'cpu'].includes(x.backend) &&
        Array.isArray(x.checks) &&
        x.checks.every((c) => typeof c === 'string') &&
        (x.hints === undefined || (Array.isArray(x.hints) && x.hints.length === x.checks.length && x.hints.every((h) => typeof h === 'string')))
      );
    case 'checkStart':
      return (
        isIndex(x.submission) &&
        isIndex(x.check) &&
        typeof x.timeLimitMs === 'number' &&
        Number.isFinite(x.timeLimitMs) &&
        x.timeLimitMs > 0 &&
        (x.budgetHint === undefined || typeof x.budgetHint === 'string')
      );
    case 'checkEnd':
      return isIndex(x.submission) && isIndex(x.check) && isCheckResult(x.result);
    case 'failed':
      return typeof x.message === 'string';
    case 'done':
      return true;
    default:
      return false;
  }
}
