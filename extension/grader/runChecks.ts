// Runs one check of a drill on one submission, in the grader child. A fault of the submission
// (it throws, returns the wrong thing) becomes a failed result that says what went in, what was
// expected, what came out, and the check's hint; a fault of the reference or of the check itself
// is a GraderBug, which the child reports as the drill's fault, never the learner's.

import * as esbuild from 'esbuild';
import type * as tfTypes from '@tensorflow/tfjs';
import { DEFAULT_TOLERANCE, type CompareCheck, type CustomCheck, type DrillCheck, type GradientCheck, type SourceCheck } from '../shared/drillChecks';
import { formatValue, compareValues, type Value } from '../shared/drillValues';
import type { CheckResult } from '../shared/graderProtocol';
import { explainShapeMismatch, explainTfjsError } from '../shared/tfjsErrors';
import { messageOf } from '../worker/errors';
import type { UserSourceMap } from '../worker/sourceMap';
import { build, draw, materialToValue, rngFor, toValue, type Material } from './materialize';

type Tf = typeof tfTypes;

/** A check's result before the grader adds its name, duration and output. */
export type Outcome = Omit<CheckResult, 'name' | 'output' | 'durationMs'>;

/** The reference or the check itself failed: the drill is broken, not the submission. */
export class GraderBug extends Error {}

/** Thrown in place of process.exit, so a submission that calls it fails its check instead of ending the grader. */
export class ExitCalled extends Error {
  constructor(readonly code: string) {
    super(`process.exit(${code}) was called`);
  }
}

export interface Loaded {
  exports: Record<string, unknown>;
  /** Maps the module's stack frames to its file (submission only). */
  map?: UserSourceMap;
  file: string;
  source: string;
}

export interface CheckContext {
  tf: Tf;
  drillId: string;
  /** Parameter names of each export, from its signature, for naming inputs. */
  params: Record<string, string[]>;
  submission: Loaded;
  reference: Loaded;
}

/** The submission threw: a learner-facing message with the line it threw at. */
function threw(ctx: CheckContext, call: string, err: unknown): { message: string; line?: number } {
  if (err instanceof ExitCalled) {
    return {
      message: `${call} called process.exit(${err.code}). The grader calls your function and reads what it returns; return the result instead of exiting.`,
      line: ctx.submission.map?.firstUserFrame(err.stack, ctx.submission.file)?.line,
    };
  }
  const line = err instanceof Error ? ctx.submission.map?.firstUserFrame(err.stack, ctx.submission.file)?.line : undefined;
  return { message: `${call} threw: ${messageOf(err)}${line ? ` (line ${line})` : ''}`, line };
}

/**
 * The hint for a check the submission threw in: what tfjs's error means and how it is usually
 * fixed (the check's own hint is about the answer, which the code never reached), then the
 * check's hint.
 */
function hintAfterThrow(err: unknown, checkHint: string): string {
  const why = err instanceof ExitCalled ? undefined : explainTfjsError(messageOf(err));
  return why ? `${why} ${checkHint}` : checkHint;
}

/** The check's hint, after a sentence on how a wrong shape like the one found usually comes about. */
function withShapeStory(comparison: string, checkHint: string): string {
  const story = explainShapeMismatch(comparison);
  return story ? `${story} ${checkHint}` : checkHint;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/** Calls `fn` on fresh tensors built from `args`; every tensor the call makes is released after. */
async function call(tf: Tf, fn: unknown, args: Material[]): Promise<Value> {
  if (typeof fn !== 'function') throw new TypeError('is not a function');
  tf.engine().startScope();
  try {
    let out: unknown = (fn as (...a: unknown[]) => unknown)(...args.map((a) => build(tf, a)));
    if (isThenable(out)) out = await out;
    return toValue(tf, out);
  } finally {
    tf.engine().endScope();
  }
}

function describeCall(params: string[] | undefined, args: Material[]): string {
  return args
    .map((a, i) => `${params?.[i] ?? `arg${i + 1}`} = ${formatValue(materialToValue(a))}`)
    .join('\n');
}

async function runCompare(ctx: CheckContext, check: CompareCheck): Promise<Outcome> {
  const { tf } = ctx;
  for (let c = 0; c < check.cases; c++) {
    const rng = rngFor(`${ctx.drillId}/${check.name}/${c}`);
    const args = check.args.map((a) => draw(a, rng));
    let expected: Value;
    try {
      expected = await call(tf, ctx.reference.exports[check.call], args);
    } catch (err) {
      throw new GraderBug(`the reference ${check.call} threw on '${check.name}': ${messageOf(err)}`);
    }
    let actual: Value;
    try {
      actual = await call(tf, ctx.submission.exports[check.call], args);
    } catch (err) {
      const t = threw(ctx, check.call, err);
      return { passed: false, message: t.message, line: t.line, input: describeCall(ctx.params[check.call], args), hint: hintAfterThrow(err, check.hint) };
    }
    const why = compareValues(expected, actual, check.tolerance);
    if (why) {
      return {
        passed: false,
        message: `${check.call} ${why}`,
        input: describeCall(ctx.params[check.call], args),
        expected: formatValue(expected),
        actual: formatValue(actual),
        hint: withShapeStory(why, check.hint),
      };
    }
  }
  return { passed: true, message: check.cases > 1 ? `matches the reference on ${check.cases} seeded inputs` : 'matches the reference' };
}

/** The tensor to differentiate: what `fn` returned, or its field `output`. */
function selected(out: unknown, output: string | undefined): unknown {
  if (output === undefined) return out;
  return typeof out === 'object' && out !== null ? (out as Record<string, unknown>)[output] : undefined;
}

/** tf.grads of sum(f(args)[output] · cotangent) with respect to the chosen arguments. */
function gradients(tf: Tf, fn: unknown, args: Material[], wrt: number[], output: string | undefined, cotangent: Material): Value {
  return tf.tidy(() => {
    const base = args.map((a) => build(tf, a));
    const cot = build(tf, cotangent) as tfTypes.Tensor;
    const scalar = (...xs: tfTypes.Tensor[]): tfTypes.Scalar => {
      const full = [...base];
      wrt.forEach((w, i) => {
        full[w] = xs[i];
      });
      const out = selected((fn as (...a: unknown[]) => unknown)(...full), output);
      if (!(out instanceof tf.Tensor)) {
        throw new TypeError(`returned ${output ? `an object whose '${output}' is ` : ''}${formatValue(toValue(tf, out))} instead of a tensor`);
      }
      return tf.sum(tf.mul(out, cot));
    };
    const grads = tf.grads(scalar)(wrt.map((w) => base[w] as tfTypes.Tensor));
    return { kind: 'list', items: grads.map((g) => toValue(tf, g)) } as Value;
  });
}

async function runGradient(ctx: CheckContext, check: GradientCheck): Promise<Outcome> {
  const { tf } = ctx;
  const rng = rngFor(`${ctx.drillId}/${check.name}`);
  const args = check.args.map((a) => draw(a, rng));
  let expected: Value;
  let cotangent: Material;
  try {
    const returned = await call(tf, ctx.reference.exports[check.call], args);
    const out = check.output !== undefined && returned.kind === 'record' ? returned.fields[check.output] : returned;
    if (out?.kind !== 'tensor') throw new Error(`the reference does not return a tensor${check.output ? ` in '${check.output}'` : ''}`);
    cotangent = draw({ kind: 'normal', shape: out.shape, mean: 0, std: 1 }, rng);
    expected = gradients(tf, ctx.reference.exports[check.call], args, check.wrt, check.output, cotangent);
  } catch (err) {
    throw new GraderBug(`the reference ${check.call} failed on '${check.name}': ${messageOf(err)}`);
  }
  const names = ctx.params[check.call] ?? [];
  const wrtNames = check.wrt.map((w) => names[w] ?? `arg${w + 1}`).join(', ');
  let actual: Value;
  try {
    actual = gradients(tf, ctx.submission.exports[check.call], args, check.wrt, check.output, cotangent);
  } catch (err) {
    const t = threw(ctx, check.call, err);
    if (/Cannot compute gradient/.test(messageOf(err))) {
      // tf.grads names no argument: find the ones no operation leads from, one at a time.
      const unused = check.wrt.filter((w) => {
        try {
          gradients(tf, ctx.submission.exports[check.call], args, [w], check.output, cotangent);
          return false;
        } catch (e) {
          return /Cannot compute gradient/.test(messageOf(e));
        }
      });
      const which = (unused.length ? unused : check.wrt).map((w) => names[w] ?? `arg${w + 1}`).join(', ');
      const result = `${check.call}(…)${check.output ? `.${check.output}` : ''}`;
      return {
        passed: false,
        message: `tf.grads finds no path from ${which} to ${result}: as far as tfjs can see, the result does not depend on ${which}.`,
        line: t.line,
        input: describeCall(names, args),
        hint: `Use ${which} in the computation with tfjs operations: a term left out (the bias, say) carries no gradient, nor does a value read out with dataSync() or arraySync(), nor weights copied into a tf.layers layer. ${check.hint}`,
      };
    }
    return { passed: false, message: t.message, line: t.line, input: describeCall(names, args), hint: hintAfterThrow(err, check.hint) };
  }
  // One gradient reads better alone than as a list of one; several are named by their argument.
  if (expected.kind === 'list' && actual.kind === 'list' && check.wrt.length === 1) {
    expected = expected.items[0];
    actual = actual.items[0];
  }
  const why = compareValues(expected, actual, check.tolerance);
  if (!why) return { passed: true, message: `the gradient with respect to ${wrtNames} matches the reference` };
  const named = why.replace(/^\[(\d+)\]: /, (_, i: string) => `for ${names[check.wrt[Number(i)]] ?? `argument ${check.wrt[Number(i)] + 1}`}, `);
  return {
    passed: false,
    message: `the gradient of ${check.call}${check.output ? `(…).${check.output}` : ''} with respect to ${wrtNames} is wrong: ${named}`,
    input: describeCall(names, args),
    expected: formatValue(expected),
    actual: formatValue(actual),
    hint: (await valuesDifferHint(ctx, check, args)) ?? check.hint,
  };
}

/**
 * When the function's values on the gradient check's input are already wrong, its gradient
 * cannot be right, and the check's hint (about letting tf.grad through) would send the learner
 * the wrong way: say so instead.
 */
async function valuesDifferHint(ctx: CheckContext, check: GradientCheck, args: Material[]): Promise<string | undefined> {
  let expected: Value;
  let actual: Value;
  try {
    expected = await call(ctx.tf, ctx.reference.exports[check.call], args);
    actual = await call(ctx.tf, ctx.submission.exports[check.call], args);
  } catch {
    return undefined;
  }
  const why = compareValues(expected, actual, check.tolerance);
  if (!why) return undefined;
  return `The values of ${check.call} on this input are already wrong (${check.call} ${why}), so its gradient is too: make the checks on values pass first, and this one follows.`;
}

/** The code without comments (strings and code stay), so a rule never trips on a comment. */
async function codeOf(source: string): Promise<string> {
  const out = await esbuild.transform(source, { loader: 'ts', minifyWhitespace: true, tsconfigRaw: {} });
  return out.code;
}

async function runSource(ctx: CheckContext, check: SourceCheck): Promise<Outcome> {
  const pattern = new RegExp(check.forbid);
  let code: string;
  try {
    code = await codeOf(ctx.submission.source);
  } catch {
    code = ctx.submission.source;
  }
  if (!pattern.test(code)) return { passed: true, message: `does not use ${check.what}` };
  const lineIndex = ctx.submission.source.split('\n').findIndex((l) => pattern.test(l) && !/^\s*(\/\/|\*)/.test(l));
  const line = lineIndex >= 0 ? lineIndex + 1 : undefined;
  return { passed: false, message: `uses ${check.what}${line ? ` (line ${line})` : ''}, which this drill asks you to write yourself`, line, hint: check.hint };
}

async function runCustom(ctx: CheckContext, check: CustomCheck): Promise<Outcome> {
  const { tf } = ctx;
  const rng = rngFor(`${ctx.drillId}/${check.name}`);
  tf.engine().startScope();
  try {
    const outcome = await check.run({
      tf,
      submission: ctx.submission.exports,
      reference: ctx.reference.exports,
      random: rng,
      make: (arg) => build(tf, draw(arg, rng)),
      differs: (expected, actual, tolerance) => compareValues(toValue(tf, expected), toValue(tf, actual), { ...DEFAULT_TOLERANCE, ...tolerance }),
      show: (x) => formatValue(toValue(tf, x)),
    });
    return outcome.passed ? { passed: true, message: outcome.message } : { ...outcome, hint: check.hint };
  } catch (err) {
    if (err instanceof GraderBug) throw err;
    // The check calls into the submission; anything it throws is the submission's.
    const t = threw(ctx, 'your code', err);
    return { passed: false, message: t.message, line: t.line, hint: hintAfterThrow(err, check.hint) };
  } finally {
    tf.engine().endScope();
  }
}

export function runCheck(ctx: CheckContext, check: DrillCheck): Promise<Outcome> {
  switch (check.kind) {
    case 'compare':
      return runCompare(ctx, check);
    case 'gradient':
      return runGradient(ctx, check);
    case 'source':
      return runSource(ctx, check);
    case 'custom':
      return runCustom(ctx, check);
  }
}
