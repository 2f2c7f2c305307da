// Starts a training worker (dist/worker.js) as a child process and owns its whole life: the
// extension host and the `deepdrill` CLI both go through here, so both get the same
// guarantees — every message is validated, a run always ends with exactly one final event
// (a crash or an out-of-memory death becomes an error event), and no process outlives its run.

import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
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

const OOM_PATTERN = /JavaScript heap out of memory|Reached heap limit|Allocation failed|out of memory|RangeError: (WebAssembly\.Memory|Array buffer allocation failed)/i;

export function startWorker(request: WorkerRequest, options: StartWorkerOptions): WorkerRun {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  // In VS Code the current binary is Electron; this makes it behave as plain Node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  const execArgv = [
    // The user's file runs as an ES module (top-level await) through vm.SourceTextModule.
    '--experimental-vm-modules',
    '--enable-source-maps',
    `--max-old-space-size=${options.maxOldSpaceMb ?? DEFAULT_MAX_OLD_SPACE_MB}`,
  ];

  let final: FinalEvent | undefined;
  let stopRequested = false;
  let oomSeen = false;
  const stderrTail: string[] = [];

  const deliver = (e: WorkerToHost): void => {
    if (final) return;
    if (isFinalEvent(e)) final = e;
    try {
      options.onEvent(e);
    } catch {
      // A faulty listener must not break the run's bookkeeping.
    }
  };

  let child: ChildProcess;
  try {
    child = fork(options.workerPath, [], {
      execArgv,
      env,
      execPath: options.execPath,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
  } catch (err) {
    const e: ErrorEvent = { type: 'error', error: { kind: 'crash', message: `Could not start the training worker: ${String(err)}` } };
    deliver(e);
    return { done: Promise.resolve(e), stop: () => Promise.resolve(), pid: undefined };
  }

  const forwardLines = (stream: Readable | null, level: 'info' | 'error'): void => {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => {
      if (level === 'error') {
        if (OOM_PATTERN.test(text)) oomSeen = true;
        stderrTail.push(text);
        if (stderrTail.length > 20) stderrTail.shift();
      }
      deliver({ type: 'log', level, text });
    });
  };
  forwardLines(child.stdout, 'info');
  forwardLines(child.stderr, 'error');

  child.on('message', (msg: unknown) => {
    if (!isWorkerToHost(msg)) {
      deliver({ type: 'log', level: 'warn', text: 'DeepDrill ignored a malformed message from the training worker.' });
      return;
    }
    deliver(msg);
    if (isFinalEvent(msg)) {
      const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
      child.once('exit', () => clearTimeout(killer));
    }
  });

  let spawnError: Error | undefined;
  child.on('error', (err) => {
    spawnError = err;
  });

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' comes after 'exit' once stdout/stderr are drained, so no output is lost.
    child.once('close', (code, signal) => resolve({ code, signal }));
    // A child that never spawned emits 'error' and may never emit 'close'.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });

  const done: Promise<FinalEvent> = exited.then(({ code, signal }) => {
    if (!final) deliver({ type: 'error', error: deathError(code, signal) });
    return final as FinalEvent;
  });

  function deathError(code: number | null, signal: NodeJS.Signals | null): RunError {
    if (stopRequested) return { kind: 'stopped', message: 'Training was stopped.' };
    if (spawnError && child.pid === undefined) {
      return { kind: 'crash', message: `Could not start the training worker: ${spawnError.message}` };
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (oomSeen || signal === 'SIGKILL') {
      return {
        kind: 'oom',
        message: oomSeen
          ? `The training worker ran out of memory and ${how}.`
          : 'The training worker was killed (SIGKILL), most likely by the system for using too much memory.',
        hint: 'Use a smaller batch size, fewer or smaller layers, or a subset of the data (e.g. mnist({ trainSize: 10000 })), and dispose tensors you create in loops (or wrap them in tf.tidy).',
      };
    }
    const tail = stderrTail.slice(-5).join('\n');
    return {
      kind: 'crash',
      message: `The training worker ${how} without reporting a result.${tail ? `\n${tail}` : ''}`,
      hint: 'Run it again; if it keeps crashing, open the DeepDrill log for the worker output.',
    };
  }

  // Should the owner exit while the worker runs (an uncaught error, process.exit), take it along.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  child.send(request, (err) => {
    if (err) child.kill('SIGKILL');
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (stopping) return stopping;
    if (!final) stopRequested = true;
    stopping = new Promise<void>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      // `exited` also settles for a child that never spawned, which emits no 'exit'.
      void exited.then(() => {
        clearTimeout(killer);
        resolve();
      });
      if (child.connected) {
        child.send({ type: 'stop' }, (err) => {
          if (err) child.kill('SIGKILL');
        });
      } else {
        child.kill('SIGKILL');
      }
    });
    return stopping;
  };

  return { done, stop, pid: child.pid };
}
