// `deepdrill train FILE`: runs the same training worker as the extension, outside VS Code,
// with a progress bar on a terminal or one JSON object per line with --json.

import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeModel } from '../shared/describeModel';
import { applyEvent, newRun, type RunRecord } from '../shared/runModel';
import { startWorker, type WorkerRun } from '../shared/workerProcess';
import type { WorkerToHost } from '../shared/workerProtocol';
import { USAGE, parseCliArgs } from './args';
import { checkCommand, drillsCommand } from './drills';
import { epochLine, errorText, fitStartLine, jsonLine, progressLine, summaryLine } from './render';
import { summaryErrorJson, summaryJson, summaryTable } from './summary';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_SIGINT = 130;
const EXIT_SIGTERM = 143;
/** A terminal's live line is redrawn at most this often. */
const REDRAW_MS = 100;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function usageError(message: string): number {
  process.stderr.write(`deepdrill: ${message}\n\n${USAGE}\n`);
  return EXIT_USAGE;
}

/** Prints for people: permanent lines for events, one live line redrawn in place on a terminal. */
class HumanOutput {
  private live = '';
  private lastDraw = 0;
  private readonly tty = Boolean(process.stdout.isTTY);

  constructor(private readonly file: string) {}

  private clearLive(): void {
    if (this.live) process.stdout.write('\r\x1b[2K');
    this.live = '';
  }

  private print(text: string, toStderr = false): void {
    this.clearLive();
    (toStderr ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
  }

  private redraw(run: RunRecord, force: boolean): void {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const line = progressLine(run, now, process.stdout.columns || 80);
    if (line === undefined) return;
    process.stdout.write(`\r\x1b[2K${line}`);
    this.live = line;
  }

  event(e: WorkerToHost, run: RunRecord): void {
    switch (e.type) {
      case 'backend':
        this.print(`Training ${this.file} on ${e.backend} (${e.detail})`);
        break;
      case 'fitStart':
        this.print(fitStartLine(e));
        break;
      case 'batch':
        this.redraw(run, false);
        return;
      case 'epoch':
        this.print(epochLine(run, e.fit, e.epoch, e.logs, e.elapsedMs));
        break;
      case 'fitEnd':
        return;
      case 'log':
        if (e.text) this.print(e.text, e.level !== 'info');
        break;
      case 'end':
        this.print(summaryLine(e.backend, e.logs, e.durationMs));
        return;
      case 'error':
        this.print(errorText(e.error, this.file), true);
        return;
    }
    this.redraw(run, true);
  }
}

/** The file a command works on, or the exit code of its usage error. */
function readModelFile(file: string): { path: string; source: string } | number {
  const path = resolve(file);
  try {
    if (!statSync(path).isFile()) return usageError(`not a file: ${file}`);
    return { path, source: readFileSync(path, 'utf8') };
  } catch {
    return usageError(`file not found: ${file}`);
  }
}

async function train(file: string, options: { epochs?: number; backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu'; json: boolean }): Promise<number> {
  const read = readModelFile(file);
  if (typeof read === 'number') return read;
  const { path, source } = read;

  let run = newRun('cli', path, Date.now());
  const human = options.json ? undefined : new HumanOutput(file);
  const onEvent = (e: WorkerToHost): void => {
    run = applyEvent(run, e, Date.now());
    if (human) {
      human.event(e, run);
    } else {
      const line = jsonLine(e);
      if (line !== undefined) process.stdout.write(`${line}\n`);
    }
  };

  const worker: WorkerRun = startWorker(
    { type: 'train', file: path, source, backend: options.backend, epochs: options.epochs, workspaceRoot: process.cwd() },
    { workerPath: join(__dirname, 'worker.js'), onEvent },
  );

  let signalExit: number | undefined;
  const onSignal = (code: number) => () => {
    if (signalExit !== undefined) return;
    signalExit = code;
    void worker.stop();
  };
  const onSigint = onSignal(EXIT_SIGINT);
  const onSigterm = onSignal(EXIT_SIGTERM);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    const final = await worker.done;
    if (signalExit !== undefined) return signalExit;
    return final.type === 'end' ? EXIT_OK : EXIT_FAILED;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
  }
}

/** `deepdrill summary FILE`: builds the model without training it and prints its layers. */
async function summary(file: string, options: { backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu'; json: boolean }): Promise<number> {
  const read = readModelFile(file);
  if (typeof read === 'number') return read;
  const { path, source } = read;
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await describeModel(path, source, {
      workerPath: join(__dirname, 'worker.js'),
      backend: options.backend,
      workspaceRoot: process.cwd(),
      signal: abort.signal,
      // The file's own output (its model.summary(), say) would mix with the table: only its
      // warnings and errors are shown, on stderr.
      onLog: (e) => {
        if (e.level !== 'info' && e.text) process.stderr.write(`${e.text}\n`);
      },
    });
    if (outcome.ok) {
      process.stdout.write(options.json ? `${JSON.stringify(summaryJson(outcome.summary))}\n` : `${summaryTable(outcome.summary, file)}\n`);
      return EXIT_OK;
    }
    if (abort.signal.aborted) return EXIT_SIGINT;
    if (options.json) process.stdout.write(`${summaryErrorJson(outcome.error)}\n`);
    else process.stderr.write(`${errorText(outcome.error, path)}\n`);
    return EXIT_FAILED;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCliArgs(argv);
  switch (command.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    case 'version':
      process.stdout.write(`${version()}\n`);
      return EXIT_OK;
    case 'usage-error':
      return usageError(command.message);
    case 'train':
      return train(command.file, command);
    case 'summary':
      return summary(command.file, command);
    case 'check':
      return checkCommand(command.drill, command.file, command.json, { usage: EXIT_USAGE, failed: EXIT_FAILED });
    case 'drills':
      return drillsCommand(command.json);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`deepdrill: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
