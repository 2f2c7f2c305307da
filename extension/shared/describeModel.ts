// Describes the model a file builds, without training it: starts a worker with a
// DescribeRequest, waits for its one answer under a time limit, and makes sure the process is
// gone before resolving. The `deepdrill summary` command, the architecture panel and the
// language server all go through here. No `vscode` import: it runs in the CLI too.

import type { ModelSummary } from './modelSummary';
import { startWorker } from './workerProcess';
import type { BackendChoice, BackendName, LogEvent, RunError } from './workerProtocol';

export type DescribeOutcome =
  | { ok: true; summary: ModelSummary; backend: BackendName }
  | { ok: false; error: RunError };

export interface DescribeOptions {
  /** Absolute path of dist/worker.js. */
  workerPath: string;
  /** Building a model needs no speed: the pure-JS backend starts fastest and is always there. */
  backend?: BackendChoice;
  /** Folder relative data paths are resolved against; defaults to the file's folder. */
  workspaceRoot?: string;
  /** How long the file may take to build its model (loading data included). */
  timeoutMs?: number;
  /** The user's console output and the worker's notices while the model is built. */
  onLog?: (e: LogEvent) => void;
  /** Cancels the describe (e.g. the file changed again); resolves with kind `stopped`. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  execPath?: string;
}

export const DEFAULT_DESCRIBE_TIMEOUT_MS = 60_000;
const DEFAULT_DESCRIBE_HEAP_MB = 4096;

export async function describeModel(file: string, source: string, options: DescribeOptions): Promise<DescribeOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DESCRIBE_TIMEOUT_MS;
  if (options.signal?.aborted) return { ok: false, error: { kind: 'stopped', message: 'Describing the model was cancelled.' } };
  const worker = startWorker(
    { type: 'describe', file, source, backend: options.backend ?? 'cpu', workspaceRoot: options.workspaceRoot },
    {
      workerPath: options.workerPath,
      env: options.env,
      execPath: options.execPath,
      maxOldSpaceMb: DEFAULT_DESCRIBE_HEAP_MB,
      onEvent: (e) => {
        if (e.type === 'log') options.onLog?.(e);
      },
    },
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void worker.stop();
  }, timeoutMs);
  const onAbort = (): void => void worker.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const final = await worker.done;
    if (final.type === 'summary') return { ok: true, summary: final.summary, backend: final.backend };
    if (timedOut) {
      return {
        ok: false,
        error: {
          kind: 'runtime',
          message: `Building the model took longer than ${Math.round(timeoutMs / 1000)} s, so DeepDrill stopped it.`,
          file,
          hint: 'Look for long work before the model is built (a large dataset, a loop, an await that never ends); load a subset of the data, e.g. mnist({ trainSize: 5000 }).',
        },
      };
    }
    if (options.signal?.aborted) return { ok: false, error: { kind: 'stopped', message: 'Describing the model was cancelled.' } };
    if (final.type === 'end') {
      // A worker that trained instead of describing would be a DeepDrill bug; say so plainly.
      return { ok: false, error: { kind: 'crash', message: 'The worker trained instead of describing the model.', file } };
    }
    return { ok: false, error: final.error };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // The worker exits by itself after its answer; this makes sure it is gone before we return.
    await worker.stop();
  }
}
