// Starts a Node child process that runs learner code (the training worker, the drill grader)
// and owns its whole life. Both owners (workerProcess.ts, drillGraderProcess.ts) need the same
// things from it, and getting any of them wrong leaves an orphan or a run that never ends:
// - it runs as plain Node even inside VS Code (Electron), talking JSON over IPC;
// - `closed` always settles, once: after the process is gone and its output is drained, or at
//   once when it never started (a bad Node binary, a missing script);
// - its stderr is kept (the last lines) and watched for the signs of running out of memory;
// - it is SIGKILLed should its owner exit first, and by `killAfter` when it lingers.

import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** What V8, Node and wasm print when memory runs out. */
export const OOM_PATTERN =
  /JavaScript heap out of memory|Reached heap limit|Allocation failed|out of memory|RangeError: (WebAssembly\.Memory|Array buffer allocation failed)/i;
const STDERR_TAIL_LINES = 20;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process never started; says why. */
  startError?: string;
}

export interface OwnedChild {
  readonly child: ChildProcess;
  /** Settles once, when the process is gone (or never started). Never rejects. */
  readonly closed: Promise<ChildExit>;
  /** Whether stderr showed that the process ran out of memory. */
  readonly oomSeen: boolean;
  /** The last `n` lines the process wrote to stderr. */
  stderrTail(n: number): string;
  /** SIGKILLs the process; harmless when it is already gone. */
  kill(): void;
  /** SIGKILLs the process unless it is gone within `ms`. */
  killAfter(ms: number): void;
}

export interface ForkOptions {
  execArgv: string[];
  env?: NodeJS.ProcessEnv;
  /** The Node binary; defaults to the current one (in VS Code, Electron running as Node). */
  execPath?: string;
  /** Each stdout line, when the owner wants them; otherwise stdout is discarded. */
  onStdoutLine?: (text: string) => void;
  onStderrLine?: (text: string) => void;
}

/** The child, or why it could not even be forked (then nothing was started). */
export function forkOwned(modulePath: string, options: ForkOptions): OwnedChild | { startError: string } {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env) };
  // In VS Code the current binary is Electron; this makes it behave as plain Node.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';

  let oomSeen = false;
  const tail: string[] = [];
  let child: ChildProcess;
  try {
    child = fork(modulePath, [], {
      execArgv: options.execArgv,
      env,
      execPath: options.execPath,
      stdio: ['ignore', options.onStdoutLine ? 'pipe' : 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
  } catch (err) {
    // fork throws only for invalid arguments; a missing binary comes as an 'error' event.
    return { startError: err instanceof Error ? err.message : String(err) };
  }

  const readLines = (stream: Readable | null, onLine: (text: string) => void): void => {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  };
  if (options.onStdoutLine) readLines(child.stdout, options.onStdoutLine);
  readLines(child.stderr, (text) => {
    if (OOM_PATTERN.test(text)) oomSeen = true;
    tail.push(text);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
    options.onStderrLine?.(text);
  });

  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // Should the owner exit while the child runs (an uncaught error, process.exit), take it along.
  process.once('exit', kill);

  let spawnError: Error | undefined;
  const closed = new Promise<ChildExit>((resolve) => {
    // 'close' comes after 'exit' once stdout/stderr are drained, so no output is lost.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => {
      spawnError ??= err;
      // A child that never spawned emits 'error' and may never emit 'close'.
      if (child.pid === undefined) resolve({ code: null, signal: null, startError: err.message });
    });
  });
  const timers = new Set<NodeJS.Timeout>();
  let isClosed = false;
  void closed.then(() => {
    isClosed = true;
    process.removeListener('exit', kill);
    for (const t of timers) clearTimeout(t);
  });

  return {
    child,
    closed,
    get oomSeen() {
      return oomSeen;
    },
    stderrTail: (n) => tail.slice(-n).join('\n'),
    kill,
    killAfter(ms) {
      // Nothing to kill once it is gone; and the timer never keeps the owner alive.
      if (isClosed) return;
      const t = setTimeout(kill, ms);
      t.unref();
      timers.add(t);
    },
  };
}
