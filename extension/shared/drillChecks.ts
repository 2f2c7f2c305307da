// The small language a drill's `checks.ts` is written in. A drill exports
//
//   export function checks(d: CheckDsl): DrillCheck[]
//
// and builds every check with `d`: its inputs are data (specs of seeded random or literal
// tensors), so the grader can build fresh tensors for the reference and for the submission, and
// show the learner exactly what went in. `checks.ts` imports only types from here, so it needs
// nothing at run time but the `d` it is handed (the grader child builds it with makeCheckDsl).

import type * as tfTypes from '@tensorflow/tfjs';

/** |actual − expected| ≤ atol + rtol·|expected|, element by element. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** float32 on the cpu backend: results of two correct formulas differ by a few ulps. */
export const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };
/** Default time limit of one check, in the grader child. */
export const DEFAULT_CHECK_TIME_LIMIT_MS = 5000;
/** Time limit of loading a submission (transpile and run its top-level code). */
export const LOAD_TIME_LIMIT_MS = 10000;

/** A tensor argument, described as data; the grader makes a fresh tf.Tensor of it for every call. */
export type TensorSpec =
  | { kind: 'normal'; shape: number[]; mean: number; std: number }
  | { kind: 'uniform'; shape: number[]; min: number; max: number }
  /** int32 in [min, max). */
  | { kind: 'ints'; shape: number[]; min: number; max: number }
  /** float32 one-hot rows: [batch, classes]. */
  | { kind: 'oneHot'; batch: number; classes: number }
  /** float32, positive, each row (last axis) sums to 1. */
  | { kind: 'probabilities'; shape: number[] }
  | { kind: 'literal'; values: number[]; shape: number[]; dtype: 'float32' | 'int32' };

/** One argument of a call: a tensor, a plain JS value (null for "none"), or a record/list of arguments. */
export type Arg =
  | TensorSpec
  | number
  | boolean
  | string
  | null
  | { kind: 'record'; fields: Record<string, Arg> }
  | { kind: 'list'; items: Arg[] };

interface CheckBase {
  /** Unique within the drill; it names the test item in the results and the Test Explorer. */
  name: string;
  /** Shown when the check fails: what to look at, in words that teach. */
  hint: string;
  timeLimitMs?: number;
}

/** Calls an export of the submission and of the reference with the same arguments and compares what they return. */
export interface CompareCheck extends CheckBase {
  kind: 'compare';
  /** Name of the exported function. */
  call: string;
  args: Arg[];
  tolerance: Tolerance;
  /** How many different seeded draws of random arguments to try. */
  cases: number;
}

/** Compares the gradients tf.grads finds through the submission with those through the reference. */
export interface GradientCheck extends CheckBase {
  kind: 'gradient';
  call: string;
  args: Arg[];
  /** Indices of the (float tensor) arguments to differentiate with respect to. */
  wrt: number[];
  /** When the function returns an object, the field (a tensor) to differentiate. */
  output?: string;
  tolerance: Tolerance;
}

/** A rule on the submission's source text (comments removed), e.g. "no tf.softmax". */
export interface SourceCheck extends CheckBase {
  kind: 'source';
  /** Regular expression (JS syntax, no flags) that must not occur in the code. */
  forbid: string;
  /** What the rule forbids, in words: "tf.softmax". */
  what: string;
}

/** What a custom check found. */
export interface CustomOutcome {
  passed: boolean;
  /** One line: what was found. */
  message: string;
  input?: string;
  expected?: string;
  actual?: string;
}

export interface CustomCheckContext {
  tf: typeof tfTypes;
  /** The submission's exports. */
  submission: Record<string, unknown>;
  /** The reference solution's exports. */
  reference: Record<string, unknown>;
  /** A seeded generator for this check: the same numbers on every run. */
  random: { uniform(): number; normal(): number };
  /** Makes a fresh value for an argument spec (its tensors are released after the check). */
  make(arg: Arg): unknown;
  /** Why `actual` (tensors, numbers, arrays or objects of them) differs from `expected`; undefined when equal within the tolerance. */
  differs(expected: unknown, actual: unknown, tolerance?: Partial<Tolerance>): string | undefined;
  /** A value as the learner reads it (the format of a failure's expected and actual). */
  show(x: unknown): string;
}

/** Anything else, e.g. what a model drill's training reaches. Runs in the grader child, with tf. */
export interface CustomCheck extends CheckBase {
  kind: 'custom';
  run(ctx: CustomCheckContext): CustomOutcome | Promise<CustomOutcome>;
}

export type DrillCheck = CompareCheck | GradientCheck | SourceCheck | CustomCheck;

/** What `checks.ts` gets to build its checks with. */
export interface CheckDsl {
  normal(shape: number[], options?: { mean?: number; std?: number }): TensorSpec;
  uniform(shape: number[], min: number, max: number): TensorSpec;
  ints(shape: number[], min: number, maxExclusive: number): TensorSpec;
  oneHot(batch: number, classes: number): TensorSpec;
  probabilities(shape: number[]): TensorSpec;
  /** A literal tensor from a (nested) array or a number; the shape is read from the nesting. */
  tensor(values: NestedNumbers, dtype?: 'float32' | 'int32'): TensorSpec;
  zeros(shape: number[]): TensorSpec;
  full(shape: number[], value: number): TensorSpec;
  record(fields: Record<string, Arg>): Arg;
  list(items: Arg[]): Arg;

  compare(name: string, spec: { call: string; args: Arg[]; hint: string; tolerance?: Partial<Tolerance>; cases?: number; timeLimitMs?: number }): CompareCheck;
  gradient(name: string, spec: { call: string; args: Arg[]; wrt: number[]; output?: string; hint: string; tolerance?: Partial<Tolerance>; timeLimitMs?: number }): GradientCheck;
  forbid(name: string, spec: { pattern: RegExp; what: string; hint: string }): SourceCheck;
  custom(name: string, spec: { hint: string; timeLimitMs?: number; run: CustomCheck['run'] }): CustomCheck;
}

export type NestedNumbers = number | NestedNumbers[];

/** The `checks` export of a drill's checks.ts. */
export type ChecksFactory = (d: CheckDsl) => DrillCheck[];

function flatten(values: NestedNumbers): { values: number[]; shape: number[] } {
  if (typeof values === 'number') return { values: [values], shape: [] };
  if (values.length === 0) return { values: [], shape: [0] };
  const parts = values.map(flatten);
  const inner = parts[0].shape;
  for (const p of parts) {
    if (p.shape.join(',') !== inner.join(',')) throw new Error(`tensor(): ragged nesting, [${p.shape}] next to [${inner}]`);
  }
  return { values: parts.flatMap((p) => p.values), shape: [parts.length, ...inner] };
}

function tolerance(t: Partial<Tolerance> | undefined): Tolerance {
  return { ...DEFAULT_TOLERANCE, ...t };
}

export function makeCheckDsl(): CheckDsl {
  return {
    normal: (shape, o) => ({ kind: 'normal', shape, mean: o?.mean ?? 0, std: o?.std ?? 1 }),
    uniform: (shape, min, max) => ({ kind: 'uniform', shape, min, max }),
    ints: (shape, min, max) => ({ kind: 'ints', shape, min, max }),
    oneHot: (batch, classes) => ({ kind: 'oneHot', batch, classes }),
    probabilities: (shape) => ({ kind: 'probabilities', shape }),
    tensor: (values, dtype = 'float32') => ({ kind: 'literal', dtype, ...flatten(values) }),
    zeros: (shape) => ({ kind: 'literal', dtype: 'float32', shape, values: new Array<number>(size(shape)).fill(0) }),
    full: (shape, value) => ({ kind: 'literal', dtype: 'float32', shape, values: new Array<number>(size(shape)).fill(value) }),
    record: (fields) => ({ kind: 'record', fields }),
    list: (items) => ({ kind: 'list', items }),
    compare: (name, s) => ({
      kind: 'compare',
      name,
      call: s.call,
      args: s.args,
      hint: s.hint,
      tolerance: tolerance(s.tolerance),
      cases: s.cases ?? 1,
      timeLimitMs: s.timeLimitMs,
    }),
    gradient: (name, s) => ({
      kind: 'gradient',
      name,
      call: s.call,
      args: s.args,
      wrt: s.wrt,
      output: s.output,
      hint: s.hint,
      tolerance: tolerance(s.tolerance),
      timeLimitMs: s.timeLimitMs,
    }),
    forbid: (name, s) => ({ kind: 'source', name, forbid: s.pattern.source, what: s.what, hint: s.hint }),
    custom: (name, s) => ({ kind: 'custom', name, hint: s.hint, timeLimitMs: s.timeLimitMs, run: s.run }),
  };
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Problems with a drill's list of checks (empty when it is sound); the grader refuses a drill with any. */
export function checkListProblems(list: unknown, exportNames: readonly string[]): string[] {
  if (!Array.isArray(list)) return ['checks(d) must return an array of checks'];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((c: DrillCheck, i) => {
    const at = `check ${i + 1}${c && typeof c.name === 'string' ? ` ('${c.name}')` : ''}`;
    if (!c || typeof c.name !== 'string' || c.name.trim() === '') return problems.push(`${at} has no name`);
    if (seen.has(c.name)) problems.push(`${at}: the name is used twice`);
    seen.add(c.name);
    if (typeof c.hint !== 'string' || c.hint.trim() === '') problems.push(`${at} has no hint`);
    if ((c.kind === 'compare' || c.kind === 'gradient') && !exportNames.includes(c.call)) {
      problems.push(`${at} calls '${c.call}', which drill.json does not list in exports`);
    }
    if (c.kind === 'gradient' && c.wrt.some((w) => !Number.isInteger(w) || w < 0 || w >= c.args.length)) {
      problems.push(`${at}: wrt indices must point into args`);
    }
    return undefined;
  });
  if (list.length === 0) problems.push('a drill needs at least one check');
  return problems;
}
