// Starts a training worker (dist/worker.js) as a child process and owns its whole life: the
// extension host and the `deepdrill` CLI both go through here, so both get the same
// guarantees — every message is validated, a run always ends with exactly one final event
// (a crash or an out-of-memory death becomes an error event), and no process outlives its run.

import { LogLimiter } from './logLimiter';
import { forkOwned, type ChildExit, type OwnedChild } from './ownedChild';
import {
  isFinalEvent,
  isWorkerToHost,
  type ErrorEvent,
  type FinalEvent,
  type RunError,
  type WorkerRequest,
  type WorkerToHost,
} from './workerProtocol';

export interface WorkerRun {
  /** Resolves with the final event (end or error); never rejects. A crash/OOM/exit without a final event becomes an error event of kind 'crash' or 'oom' with a clear message. */
  readonly done: Promise<FinalEvent>;
  /** Asks the worker to stop; SIGKILLs it if it has not exited within ~300 ms. Resolves when the process is gone. The final event is then {type:'error', error:{kind:'stopped',…}}. */
  stop(): Promise<void>;
  readonly pid: number | undefined;
}

export interface StartWorkerOptions {
  /** Absolute path of dist/worker.js. */
  workerPath: string;
  /** Every event, in order, ending with exactly one final event (the same value `done` resolves with). */
  onEvent: (e: WorkerToHost) => void;
  env?: NodeJS.ProcessEnv;
  /** The Node binary; defaults to the current one (in VS Code, Electron running as Node). */
  execPath?: string;
  /** Heap cap of the worker in MiB, so a runaway model fails as `oom` instead of swapping. */
  maxOldSpaceMb?: number;
}

/** How long a stop request may take before the worker is killed. */
export const STOP_GRACE_MS = 300;
/** How long a worker may linger after its final event before it is killed. */
const EXIT_GRACE_MS = 2000;
const DEFAULT_MAX_OLD_SPACE_MB = 8192;
/**
 * The first line of V8's report of a fatal error (its last GCs, then a native stack): a page of
 * V8 internals that would bury the run's own error, which says what happened and what to do.
 */
const V8_FATAL_REPORT = /^<--- Last few GCs --->|^FATAL ERROR:|^#\s*Fatal error in|^----- Native stack trace -----/;
/** The stderr lines before such a report that a crash message quotes. */
const CRASH_TAIL_LINES = 5;

export function startWorker(request: WorkerRequest, options: StartWorkerOptions): WorkerRun {
  let final: FinalEvent | undefined;
  let stopRequested = false;

  const emit = (e: WorkerToHost): void => {
    try {
      options.onEvent(e);
    } catch {
      // A faulty listener must not break the run's bookkeeping.
    }
  };
  // The worker limits its console output itself; what the learner's code writes straight to
  // stdout/stderr is limited here (each source once, so no note is itself dropped).
  const rawOutput = new LogLimiter((text) => {
    if (!final) emit({ type: 'log', level: 'warn', text });
  });
  let fatalReport = false;
  const stderrTail: string[] = [];
  const deliver = (e: WorkerToHost, raw = false): void => {
    if (final) return;
    if (raw && !rawOutput.admit()) return;
    if (isFinalEvent(e)) {
      rawOutput.flush();
      final = e;
    }
    emit(e);
  };

  const forked = forkOwned(options.workerPath, {
    execArgv: [
      // The user's file runs as an ES module (top-level await) through vm.SourceTextModule.
      '--experimental-vm-modules',
      '--enable-source-maps',
      `--max-old-space-size=${options.maxOldSpaceMb ?? DEFAULT_MAX_OLD_SPACE_MB}`,
    ],
    env: options.env,
    execPath: options.execPath,
    onStdoutLine: (text) => deliver({ type: 'log', level: 'info', text }, true),
    onStderrLine: (text) => {
      // From the report on, the process is dying: the rest of stderr is the report.
      fatalReport ||= V8_FATAL_REPORT.test(text);
      if (fatalReport) return;
      stderrTail.push(text);
      if (stderrTail.length > CRASH_TAIL_LINES) stderrTail.shift();
      deliver({ type: 'log', level: 'error', text }, true);
    },
  });
  if ('startError' in forked) {
    const e: ErrorEvent = { type: 'error', error: { kind: 'crash', message: `Could not start the training worker: ${forked.startError}` } };
    deliver(e);
    return { done: Promise.resolve(e), stop: () => Promise.resolve(), pid: undefined };
  }
  const owned: OwnedChild = forked;
  const { child } = owned;

  child.on('message', (msg: unknown) => {
    if (!isWorkerToHost(msg)) {
      deliver({ type: 'log', level: 'warn', text: 'DeepDrill ignored a malformed message from the training worker.' });
      return;
    }
    deliver(msg);
    if (isFinalEvent(msg)) owned.killAfter(EXIT_GRACE_MS);
  });

  const done: Promise<FinalEvent> = owned.closed.then((exit) => {
    if (!final) deliver({ type: 'error', error: deathError(exit) });
    return final as FinalEvent;
  });

  function deathError({ code, signal, startError }: ChildExit): RunError {
    if (stopRequested) return { kind: 'stopped', message: 'Training was stopped.' };
    if (startError !== undefined) return { kind: 'crash', message: `Could not start the training worker: ${startError}` };
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (owned.oomSeen || signal === 'SIGKILL') {
      return {
        kind: 'oom',
        message: owned.oomSeen
          ? `The training worker ran out of memory and ${how}.`
          : 'The training worker was killed (SIGKILL), most likely by the system for using too much memory.',
        hint: 'Use a smaller batch size, fewer or smaller layers, or a subset of the data (e.g. mnist({ trainSize: 10000 })), and dispose tensors you create in loops (or wrap them in tf.tidy).',
      };
    }
    // What the worker said before it died; a fatal report's frames are V8's and the bundle's, not the learner's.
    const tail = stderrTail.join('\n');
    return {
      kind: 'crash',
      message: `The training worker ${how} without reporting a result.${tail ? `\n${tail}` : ''}`,
      hint: 'Run it again; if it keeps crashing, open the DeepDrill log for the worker output.',
    };
  }

  child.send(request, (err) => {
    if (err) owned.kill();
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    if (!final) stopRequested = true;
    owned.killAfter(STOP_GRACE_MS);
    if (child.connected) {
      child.send({ type: 'stop' }, (err) => {
        if (err) owned.kill();
      });
    } else {
      owned.kill();
    }
    stopping = owned.closed.then(() => undefined);
    return stopping;
  };

  return { done, stop, pid: child.pid };
}
