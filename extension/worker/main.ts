// The training worker: a Node child process that trains one file and exits. It receives one
// TrainRequest over IPC, transpiles and runs the user's code with tfjs served from its own
// node_modules, streams every fit as events, and ends with exactly one `end` or `error` event.
// Started by extension/shared/workerProcess.ts with --experimental-vm-modules.

import { dirname } from 'node:path';
import { format, inspect } from 'node:util';
import type * as tfTypes from '@tensorflow/tfjs';
import {
  isHostToWorker,
  type BackendName,
  type DescribeRequest,
  type FinalEvent,
  type Logs,
  type RunError,
  type TrainRequest,
  type WorkerToHost,
} from '../shared/workerProtocol';
import { LogLimiter } from '../shared/logLimiter';
import { initBackend } from './backend';
import type * as Csv from './datasets/csv';
import { toRunError } from './errors';
import { LayerLines, ModelCatcher, ModelNotBuiltError, summarizeModel } from './describe';
import { MODEL_EXPORT, NO_MODEL_HINT, declarationLine, findModelSource, moduleExports, noModelError, trainFactoryModule } from './factory';
import { registerFileIo } from './fileIo';
import { FitObserver } from './fitObserver';
import { exitWhenOrphaned } from './orphanGuard';
import { UserIntervals } from './userTimers';
import { UserSourceMap } from './sourceMap';
import { transpileUserFile } from './transpile';
import type * as UserApi from './userApi';
import { evaluateUserModule, makeImportServer } from './userModule';

type Tf = typeof tfTypes;

// Kept before user code can replace them.
const exitProcess = process.exit.bind(process);
// The IPC channel is DeepDrill's alone: the learner's code must not be able to send events.
const sendToParent = process.send?.bind(process);
process.send = undefined;

let started = false;
let finished = false;
let startedAt = Date.now();
let backend: BackendName | undefined;
let sourceMap: UserSourceMap | undefined;
let userFile = '';
let observer: FitObserver | undefined;
let intervals: UserIntervals | undefined;

// A print loop in the learner's code must not flood the IPC channel (the host limits too).
const logLimit = new LogLimiter((note) => notice(note));

function send(e: WorkerToHost): void {
  if (finished || !process.connected) return;
  if (e.type === 'log' && !logLimit.admit()) return;
  sendToParent?.(e);
}

/** DeepDrill's own word to the learner: never held back by the limit on their output. */
function notice(text: string): void {
  if (finished || !process.connected) return;
  sendToParent?.({ type: 'log', level: 'warn', text });
}

/** Sends the final event once and exits as soon as it is written. */
function finish(e: FinalEvent): void {
  if (finished) return;
  logLimit.flush();
  finished = true;
  if (!process.connected || !sendToParent) return exitProcess(0);
  process.channel?.ref();
  sendToParent(e, () => exitProcess(0));
  // Should the write never complete, the worker still must not linger.
  setTimeout(() => exitProcess(0), 2000);
}

function fail(error: RunError): void {
  finish({ type: 'error', error });
}

function failWith(err: unknown): void {
  fail(toRunError(err, { file: userFile, map: sourceMap }));
}

function endRun(logs: Logs): void {
  const ticking = intervals?.running() ?? [];
  if (ticking.length) {
    const where = ticking.map((line) => (line === undefined ? 'setInterval' : `setInterval at line ${line}`)).join(', ');
    notice(`${where} was still running when training ended; DeepDrill ended the run. Call clearInterval when you are done with it.`);
  }
  finish({ type: 'end', backend: backend ?? 'cpu', logs, durationMs: Date.now() - startedAt });
}

function captureConsole(): void {
  const emit = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) =>
    send({ type: 'log', level, text: format(...args) });
  console.log = emit('info');
  console.info = emit('info');
  console.debug = emit('info');
  console.warn = emit('warn');
  console.error = emit('error');
  console.trace = (...args: unknown[]) => {
    const stack = new Error().stack?.split('\n').slice(2).join('\n') ?? '';
    send({ type: 'log', level: 'error', text: `Trace: ${format(...args)}\n${sourceMap ? sourceMap.rewriteStack(stack) : stack}` });
  };
  console.dir = (obj: unknown, options?: object) => send({ type: 'log', level: 'info', text: inspect(obj, options) });
  console.table = emit('info');
}

/** User code must not end the run silently: `process.exit` reports where it was called. */
function interceptExit(): void {
  class ExitIntercepted extends Error {}
  process.exit = ((code?: number | string | null) => {
    const n = code === undefined || code === null ? 0 : Number(code);
    const at = sourceMap?.firstUserFrame(new Error().stack);
    if (n === 0 && observer && observer.fits > 0 && observer.active === 0) {
      notice(`process.exit(0) called${at ? ` at line ${at.line}` : ''}; the run ends here.`);
      endRun(observer.lastLogs ?? {});
    } else {
      fail({
        kind: 'runtime',
        message: `Your code called process.exit(${code ?? ''})${observer?.active ? ' while training' : observer?.fits ? '' : ' before any training'}.`,
        file: at?.file ?? userFile,
        line: at?.line,
        column: at?.column,
        hint: 'DeepDrill ends the run when your code finishes; remove the process.exit call (throw an Error to report a problem).',
      });
    }
    // Unwinds the user's code; the run is already over.
    throw new ExitIntercepted('process.exit was intercepted by DeepDrill');
  }) as typeof process.exit;
}

/** Resolves when the user's code has nothing left to do: no timers, no pending I/O, no training. */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    process.once('beforeExit', () => {
      process.channel?.ref();
      resolve();
    });
    // Until now the IPC channel kept the process alive; from here only the user's work does.
    process.channel?.unref();
  });
}

/**
 * On its first use the cpu backend prints advice to install tfjs-node. The backend event already
 * says which backend runs and why; the advice would land in the user's output as if it were theirs.
 */
function silenceCpuBackendAdvice(tf: Tf): void {
  if (tf.getBackend() !== 'cpu') return;
  const cpu = tf.backend() as { firstUse?: boolean };
  if (typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}

function loadTf(): Tf {
  // Loaded from node_modules (external in the bundle) so the user's imports, the datasets and
  // the optional tfjs-node share this one instance.
  return require('@tensorflow/tfjs') as Tf;
}

/**
 * DeepDrill's datasets load tfjs as they load, so they (like the CSV loader above) are required
 * only once the file has transpiled: a syntax error is reported without loading tfjs.
 */
function loadUserApi(): typeof UserApi {
  return require('./userApi') as typeof UserApi;
}

function loadTfNode(): object | undefined {
  try {
    return require('@tensorflow/tfjs-node') as object;
  } catch {
    return undefined;
  }
}

/**
 * What every request starts with: the file transpiled (a syntax error is reported here, before
 * tfjs loads), relative data paths rooted, tfjs on its backend. Undefined when it failed (the
 * final event has then been sent).
 */
async function prepare(request: TrainRequest | DescribeRequest): Promise<{ tf: Tf; backend: BackendName; detail: string; code: string; map: UserSourceMap } | undefined> {
  startedAt = Date.now();
  userFile = request.file;
  const dataRoot = request.workspaceRoot ?? dirname(request.file);
  try {
    process.chdir(dataRoot);
  } catch {
    // A missing folder only matters if the code reads relative paths; it will say so then.
  }

  const transpiled = await transpileUserFile(request.file, request.source);
  if (!transpiled.ok) {
    fail(transpiled.error);
    return undefined;
  }
  sourceMap = new UserSourceMap(transpiled.module.map, transpiled.module.mapFile);
  (require('./datasets/csv') as typeof Csv).setDataRoot(dataRoot);

  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
  const tf = loadTf();
  const init = await initBackend(tf, request.backend);
  if (!init.ok) {
    fail(init.error);
    return undefined;
  }
  backend = init.backend;
  silenceCpuBackendAdvice(tf);
  // tfjs-node brings its own file:// handler; without it, model.save('file://…') needs DeepDrill's.
  if (init.backend !== 'tensorflow') registerFileIo(tf);
  return { tf, backend: init.backend, detail: init.detail, code: transpiled.module.code, map: sourceMap };
}

async function train(request: TrainRequest): Promise<void> {
  const prepared = await prepare(request);
  if (!prepared) return;
  const { tf, map } = prepared;
  send({ type: 'backend', backend: prepared.backend, detail: prepared.detail });

  const userLine = (stack: string | undefined) => map.firstUserFrame(stack, userFile)?.line;
  intervals = new UserIntervals(userLine);
  const fitObserver = new FitObserver(
    tf,
    {
      emit: send,
      fitsIdle: () => intervals?.release(),
      nonFiniteLoss: ({ epoch, batch, line, loss }) =>
        fail({
          kind: 'nan',
          message: `The ${batch === undefined ? "epoch's average " : ''}loss became ${Number.isNaN(loss) ? 'NaN' : loss > 0 ? 'Infinity' : '-Infinity'} at epoch ${epoch}${batch === undefined ? '' : `, batch ${batch + 1}`}; training was stopped.`,
          file: userFile,
          line,
          hint: 'Lower the learning rate (e.g. tf.train.adam(0.001)), and scale or normalise the inputs and targets (e.g. to [0, 1] or zero mean, unit variance).',
        }),
      userLine,
    },
    request.epochs,
  );
  fitObserver.install();
  observer = fitObserver;

  const serve = makeImportServer({ tf, tfNode: prepared.backend === 'tensorflow' ? loadTfNode() : undefined, deepdrill: loadUserApi() });
  captureConsole();
  interceptExit();
  intervals.install();
  // Idle is watched from the start: top-level code may await a promise that never settles.
  const idle = whenIdle().then(() => 'idle' as const);
  const evaluation = evaluateUserModule(prepared.code, request.file, serve).then(
    (ns) => ({ ok: true as const, ns }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  const evaluated = await Promise.race([evaluation, idle]);
  if (evaluated !== 'idle' && !evaluated.ok) return failWith(evaluated.err);
  await idle;
  if (finished) return;
  if (fitObserver.fits > 0) return endRun(fitObserver.lastLogs ?? {});
  if (evaluated === 'idle') {
    return fail({
      kind: 'no-model',
      message: "The file's top-level code is waiting for a promise that nothing will ever settle, and no fit ran.",
      file: userFile,
      hint: 'Look for an `await` on a promise that is never resolved (e.g. a `new Promise` whose resolve is never called).',
    });
  }
  const ns = evaluated.ns;

  const exported = moduleExports(ns, tf);
  const modelSource = findModelSource(exported, tf);
  if (!modelSource) {
    if (endUntrackedTraining(fitObserver)) return;
    return fail({ file: userFile, ...noModelError(exported, fitObserver.compileLine, request.source) });
  }
  const line = declarationLine(request.source, modelSource.name);
  try {
    const outcome = await trainFactoryModule(tf, exported, modelSource, fitObserver, line);
    if (!outcome.ok) return fail({ file: userFile, ...outcome.error });
    endRun(outcome.logs);
  } catch (err) {
    failWith(err);
  }
}

/**
 * A file that trained by hand (trainOnBatch, optimizer.minimize) and no fit ran to its end: that
 * is a finished run, with a word on why the charts stay empty. False when it trained no such way.
 */
function endUntrackedTraining(fitObserver: FitObserver): boolean {
  const { trainOnBatch, minimize } = fitObserver.untracked;
  const parts: string[] = [];
  const at = (line: number | undefined) => (line === undefined ? '' : ` (first at line ${line})`);
  if (trainOnBatch.calls > 0) parts.push(`${trainOnBatch.calls} model.trainOnBatch() call${trainOnBatch.calls === 1 ? '' : 's'}${at(trainOnBatch.line)}`);
  if (minimize.calls > 0) parts.push(`${minimize.calls} optimizer.minimize() step${minimize.calls === 1 ? '' : 's'}${at(minimize.line)}`);
  if (parts.length === 0) return false;
  notice(
    `The file trained with ${parts.join(' and ')}, which DeepDrill runs but does not chart: ` +
      'the live charts follow model.fit() and model.fitDataset() (e.g. `await model.fit(xs, ys, { epochs: 20 })`).',
  );
  endRun(trainOnBatch.lastLoss !== undefined ? { loss: trainOnBatch.lastLoss } : {});
  return true;
}

/**
 * Builds the file's model without training it and answers with its summary. A script runs until
 * its first fit, which does not run; a module's factory is called; a file that only builds (and
 * compiles) a model is described by the last model it compiled or built.
 */
async function describe(request: DescribeRequest): Promise<void> {
  const prepared = await prepare(request);
  if (!prepared) return;
  const { tf, map } = prepared;

  const lines = new LayerLines(map, userFile);
  const catcher = new ModelCatcher(tf);
  catcher.install();
  const servedTf = lines.wrap(tf);
  const recordBuilt = (m: unknown): void => {
    if (m instanceof tf.LayersModel) catcher.lastBuilt = m;
  };
  for (const name of ['sequential', 'model'] as const) {
    const build = servedTf[name] as (...args: never[]) => unknown;
    (servedTf as unknown as Record<string, unknown>)[name] = (...args: never[]) => {
      const m = build(...args);
      recordBuilt(m);
      return m;
    };
  }
  const serve = makeImportServer({ tf: servedTf, deepdrill: loadUserApi() });
  captureConsole();
  interceptExit();
  // A ticker the file starts must not keep the describe waiting once its top level is done.
  intervals = new UserIntervals((stack) => map.firstUserFrame(stack, userFile)?.line);
  intervals.install();

  const answer = (model: tfTypes.LayersModel, line?: number): void => {
    try {
      const summary = summarizeModel(tf, model, (o) => lines.lineOf(o));
      if (summary.line === undefined && line !== undefined) summary.line = line;
      finish({ type: 'summary', backend: prepared.backend, summary });
    } catch (err) {
      if (err instanceof ModelNotBuiltError) {
        return fail({
          kind: 'shape',
          message: err.message,
          file: userFile,
          line: err.line,
          hint: 'Give the first layer the shape of one sample, e.g. tf.layers.dense({ inputShape: [4], units: 8 }), or start from tf.input({ shape: [...] }).',
        });
      }
      failWith(err);
    }
  };

  const idle = whenIdle().then(() => ({ kind: 'idle' as const }));
  const fit = catcher.firstFit.then((model) => ({ kind: 'fit' as const, model }));
  const evaluation = evaluateUserModule(prepared.code, request.file, serve).then(
    (ns) => ({ kind: 'evaluated' as const, ns }),
    (err: unknown) => ({ kind: 'threw' as const, err }),
  );
  let outcome = await Promise.race([evaluation, idle, fit]);
  if (finished) return;
  if (outcome.kind === 'threw') return failWith(outcome.err);
  // The module's top level is done; an un-awaited async function may still be on its way to fit.
  if (outcome.kind === 'evaluated') {
    intervals.release();
    const ns = outcome.ns;
    const next = await Promise.race([idle, fit]);
    if (finished) return;
    if (next.kind === 'fit') return answer(next.model);
    const exported = moduleExports(ns, tf);
    const modelSource = findModelSource(exported, tf);
    if (modelSource) {
      const line = declarationLine(request.source, modelSource.name);
      let model: unknown;
      try {
        model = await modelSource.get();
      } catch (err) {
        return failWith(err);
      }
      if (!(model instanceof tf.LayersModel)) {
        return fail({
          kind: 'no-model',
          message: `The exported ${modelSource.name === MODEL_EXPORT ? 'model' : `${modelSource.name}()`} gave ${model === null ? 'null' : typeof model}, not a tf.LayersModel.`,
          file: userFile,
          line,
          hint: 'Return the model: `return model;` at the end of the factory (tf.sequential() or tf.model()).',
        });
      }
      return answer(model, line);
    }
    outcome = next;
  }
  if (outcome.kind === 'fit') return answer(outcome.model);
  const built = catcher.lastCompiled ?? catcher.lastBuilt;
  if (built) return answer(built);
  fail({
    kind: 'no-model',
    message:
      'The file builds no model: it calls no model.fit(), compiles no model, creates none with tf.sequential() or tf.model(), and exports no model factory (createModel, buildModel, getModel or default).',
    file: userFile,
    hint: NO_MODEL_HINT,
  });
}

function main(): void {
  // The parent decides when to stop: a Ctrl-C in the terminal reaches the whole process group,
  // and the CLI turns it into a stop request.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => fail({ kind: 'stopped', message: 'Training was stopped.' }));
  // An orphan must not keep training: when the parent goes, so does the worker — at once when
  // the event loop is free, through the watchdog when the learner's code blocks it.
  process.on('disconnect', () => exitProcess(0));
  exitWhenOrphaned();
  process.on('uncaughtException', (err) => failWith(err));
  process.on('unhandledRejection', (reason) => failWith(reason));
  // Node prints warnings to stderr by default; the one about vm modules is ours, not the user's.
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (w.name === 'ExperimentalWarning' && /VM Modules/i.test(w.message)) return;
    notice(`${w.name}: ${w.message}`);
  });

  process.on('message', (msg: unknown) => {
    if (!isHostToWorker(msg)) {
      if (!started) fail({ kind: 'bad-request', message: 'The worker received a malformed request.' });
      return;
    }
    if (msg.type === 'stop') return fail({ kind: 'stopped', message: 'Training was stopped.' });
    if (started) return;
    started = true;
    const run = msg.type === 'describe' ? describe(msg) : train(msg);
    run.catch((err: unknown) => failWith(err));
  });
}

main();
