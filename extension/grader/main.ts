// The grader child (dist/grader.js): grades submissions of one drill and exits. It receives one
// GradeRequest over IPC, loads the drill's checks and reference solution, then for each
// submission runs the built-in "loads" check and every drill check in order, announcing each
// before it runs so that the parent (extension/shared/drillGraderProcess.ts) can enforce time
// limits and the memory cap. Learner code runs only here, never in the extension host.
// Started with --experimental-vm-modules (modules are evaluated with vm.SourceTextModule).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type * as tfTypes from '@tensorflow/tfjs';
import { LOAD_TIME_LIMIT_MS, DEFAULT_CHECK_TIME_LIMIT_MS, checkListProblems, makeCheckDsl, type DrillCheck } from '../shared/drillChecks';
import { parameterNames, parseDrillMeta, type DrillMeta } from '../shared/drillMeta';
import { isGradeRequest, type CheckResult, type GradeRequest, type GraderFailedEvent, type GraderToParent, type Submission } from '../shared/graderProtocol';
import { initBackend } from '../worker/backend';
import { messageOf } from '../worker/errors';
import { exitWhenOrphaned } from '../worker/orphanGuard';
import { UserSourceMap } from '../worker/sourceMap';
import { transpileUserFile } from '../worker/transpile';
import * as userApi from '../worker/userApi';
import { evaluateUserModule, makeImportServer, type ImportServer } from '../worker/userModule';
import { ExitCalled, GraderBug, runCheck, type CheckContext, type Loaded, type Outcome } from './runChecks';

type Tf = typeof tfTypes;

// Kept before any loaded code can replace them.
const exitProcess = process.exit.bind(process);
// The IPC channel is the grader's alone: a submission must not be able to report its own checks.
const sendToParent = process.send?.bind(process);
process.send = undefined;
const MAX_OUTPUT_CHARS = 4000;

let finished = false;
let output: string[] = [];
/** Characters in `output`: past the cap, printing is dropped, so a print loop meets the time limit, not the memory cap. */
let outputChars = 0;

function send(e: GraderToParent): void {
  if (!finished && process.connected) sendToParent?.(e);
}

/** Ends the grading, after a failure of the drill itself when `failed` is given. */
function finish(failed?: GraderFailedEvent): void {
  if (finished) return;
  if (failed) send(failed);
  finished = true;
  if (!process.connected || !sendToParent) return exitProcess(0);
  // Exits once the final message is written; the parent kills a child that lingers.
  sendToParent({ type: 'done' } satisfies GraderToParent, () => exitProcess(0));
}

function captureConsole(): void {
  const record = (...args: unknown[]): void => {
    if (outputChars > MAX_OUTPUT_CHARS) return;
    const text = format(...args);
    outputChars += text.length + 1;
    output.push(text);
  };
  for (const name of ['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir', 'table'] as const) {
    (console as unknown as Record<string, unknown>)[name] = record;
  }
}

function interceptExit(): void {
  process.exit = ((code?: number | string | null) => {
    throw new ExitCalled(code === undefined || code === null ? '' : String(code));
  }) as typeof process.exit;
}

function takeOutput(): string | undefined {
  const text = output.join('\n');
  output = [];
  outputChars = 0;
  if (!text) return undefined;
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n… (output cut)` : text;
}

type LoadResult = { ok: true; loaded: Loaded } | { ok: false; message: string; line?: number; hint: string };

async function loadModule(file: string, source: string, serve: ImportServer): Promise<LoadResult> {
  const transpiled = await transpileUserFile(file, source);
  if (!transpiled.ok) {
    const e = transpiled.error;
    return {
      ok: false,
      message: `The file does not compile: ${e.message}${e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : ''}`,
      line: e.line,
      hint: e.hint ?? 'Fix the syntax error at the line shown; the editor underlines it in red.',
    };
  }
  const map = new UserSourceMap(transpiled.module.map, transpiled.module.mapFile);
  try {
    const ns = await evaluateUserModule(transpiled.module.code, file, serve);
    return { ok: true, loaded: { exports: { ...ns }, map, file, source } };
  } catch (err) {
    const line = err instanceof Error ? map.firstUserFrame(err.stack, file)?.line : undefined;
    const exited = err instanceof ExitCalled;
    return {
      ok: false,
      message: exited
        ? `The file's top-level code called process.exit(${err.code}).`
        : `The file's top-level code threw: ${messageOf(err)}${line ? ` (line ${line})` : ''}`,
      line,
      hint: exited
        ? 'The grader imports your file and calls its exported functions; remove the process.exit call.'
        : 'Only declarations should run when the file is imported: move other code into your functions.',
    };
  }
}

function missingExports(meta: DrillMeta, exports: Record<string, unknown>): Outcome | undefined {
  const missing = meta.exports.filter((e) => typeof exports[e.name] !== 'function');
  if (missing.length === 0) return undefined;
  const first = missing[0];
  const present = exports[first.name] !== undefined;
  return {
    passed: false,
    message: present
      ? `'${first.name}' is exported but is not a function (it is ${typeof exports[first.name]}).`
      : `The file does not export ${missing.map((m) => `'${m.name}'`).join(', ')}.`,
    expected: missing.map((m) => `export function ${m.signature}`).join('\n'),
    hint: 'The grader calls your functions by name: keep the names and the `export` keyword of the starter file.',
  };
}

async function grade(request: GradeRequest): Promise<void> {
  let meta: DrillMeta;
  try {
    const parsed = parseDrillMeta(JSON.parse(readFileSync(join(request.drillDir, 'drill.json'), 'utf8')), request.drillDir.split(/[\\/]/).pop() ?? '');
    if (!parsed.ok) return finish({ type: 'failed', message: `drill.json is invalid: ${parsed.errors.join('; ')}` });
    meta = parsed.value;
  } catch (err) {
    return finish({ type: 'failed', message: `Cannot read the drill at ${request.drillDir}: ${messageOf(err)}` });
  }

  // tfjs throws from deep inside itself; the learner's line lies further down the stack.
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
  const tf = require('@tensorflow/tfjs') as Tf;
  const init = await initBackend(tf, request.backend);
  if (!init.ok) return finish({ type: 'failed', message: init.error.message });
  // The cpu backend's advice to install tfjs-node would land in the learner's output.
  const cpu = tf.backend() as { firstUse?: boolean };
  if (typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
  const serve = makeImportServer({ tf, deepdrill: userApi });

  const checksFile = join(request.drillDir, 'checks.ts');
  const checksModule = await loadModule(checksFile, readFileSync(checksFile, 'utf8'), serve);
  if (!checksModule.ok) return finish({ type: 'failed', message: `${meta.id}/checks.ts: ${checksModule.message}` });
  const factory = checksModule.loaded.exports.checks;
  if (typeof factory !== 'function') return finish({ type: 'failed', message: `${meta.id}/checks.ts does not export function checks(d)` });
  const checks = (factory as (d: unknown) => DrillCheck[])(makeCheckDsl());
  const problems = checkListProblems(checks, meta.exports.map((e) => e.name));
  if (problems.length) return finish({ type: 'failed', message: `${meta.id}/checks.ts: ${problems.join('; ')}` });

  const solutionFile = join(request.drillDir, 'solution.ts');
  const solution = await loadModule(solutionFile, readFileSync(solutionFile, 'utf8'), serve);
  if (!solution.ok) return finish({ type: 'failed', message: `${meta.id}/solution.ts: ${solution.message}` });

  const loadName = `compiles and exports ${meta.exports.map((e) => e.name).join(', ')}`;
  send({ type: 'ready', backend: init.backend, checks: [loadName, ...checks.map((c) => c.name)], hints: ['', ...checks.map((c) => c.hint)] });
  const params = Object.fromEntries(meta.exports.map((e) => [e.name, parameterNames(e.signature)]));

  captureConsole();
  interceptExit();
  // A drill found broken while grading (its checks or reference threw) has ended the run: the
  // remaining submissions are not loaded, let alone run.
  for (let s = 0; s < request.submissions.length && !finished; s++) {
    await gradeSubmission(request.submissions[s], s, { tf, meta, checks, loadName, params, serve, reference: solution.loaded });
  }
  finish();
}

interface Drillset {
  tf: Tf;
  meta: DrillMeta;
  checks: DrillCheck[];
  loadName: string;
  params: Record<string, string[]>;
  serve: ImportServer;
  reference: Loaded;
}

async function gradeSubmission(sub: Submission, index: number, d: Drillset): Promise<void> {
  const end = (check: number, name: string, outcome: Outcome, startedAt: number): void => {
    const result: CheckResult = { name, ...outcome, durationMs: Date.now() - startedAt };
    const out = takeOutput();
    if (out) result.output = out;
    send({ type: 'checkEnd', submission: index, check, result });
  };

  let startedAt = Date.now();
  send({ type: 'checkStart', submission: index, check: 0, timeLimitMs: LOAD_TIME_LIMIT_MS });
  const loaded = await loadModule(sub.file, sub.source, d.serve);
  const loadFailure: Outcome | undefined = loaded.ok
    ? missingExports(d.meta, loaded.loaded.exports)
    : { passed: false, message: loaded.message, line: loaded.line, hint: loaded.hint };
  if (loadFailure || !loaded.ok) {
    end(0, d.loadName, loadFailure ?? { passed: false, message: 'The file did not load.' }, startedAt);
    d.checks.forEach((c, i) => end(i + 1, c.name, { passed: false, message: 'Not run: the file must compile and export the functions first.' }, Date.now()));
    return;
  }
  end(0, d.loadName, { passed: true, message: 'ok' }, startedAt);

  const ctx: CheckContext = { tf: d.tf, drillId: d.meta.id, params: d.params, submission: loaded.loaded, reference: d.reference };
  for (let i = 0; i < d.checks.length; i++) {
    const check = d.checks[i];
    startedAt = Date.now();
    send(
      check.timeLimitMs === undefined
        ? { type: 'checkStart', submission: index, check: i + 1, timeLimitMs: DEFAULT_CHECK_TIME_LIMIT_MS }
        : { type: 'checkStart', submission: index, check: i + 1, timeLimitMs: check.timeLimitMs, budgetHint: check.hint },
    );
    let outcome: Outcome;
    try {
      outcome = await runCheck(ctx, check);
    } catch (err) {
      if (err instanceof GraderBug) return finish({ type: 'failed', message: `${d.meta.id}: ${err.message}` });
      return finish({ type: 'failed', message: `${d.meta.id}: the check '${check.name}' failed inside the grader: ${messageOf(err)}` });
    }
    end(i + 1, check.name, outcome, startedAt);
  }
}

function main(): void {
  process.on('SIGINT', () => undefined);
  // The parent owns the time limits; without it (Ctrl-C on the CLI) the grader must not go on,
  // even while a learner's loop blocks its event loop.
  process.on('disconnect', () => exitProcess(0));
  exitWhenOrphaned();
  // A promise the learner's code forgot about must not end the grader; it goes to the output.
  process.on('unhandledRejection', (reason) => output.push(`Unhandled promise rejection: ${messageOf(reason)}`));
  process.on('uncaughtException', (err) => output.push(`Uncaught exception: ${messageOf(err)}`));
  process.removeAllListeners('warning');
  let started = false;
  process.on('message', (msg: unknown) => {
    if (started) return;
    started = true;
    if (!isGradeRequest(msg)) return finish({ type: 'failed', message: 'The grader received a malformed request.' });
    grade(msg).catch((err: unknown) => finish({ type: 'failed', message: `The grader failed: ${messageOf(err)}` }));
  });
}

main();
