// Runs the real `deepdrill` command line (bin/deepdrill.js → dist/cli.js → dist/worker.js) as a
// child process and collects what it prints, for the worker tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'deepdrill.js');

export function fixture(name: string): string {
  return join(ROOT, 'test', 'fixtures', 'worker', name);
}

/** One line of `deepdrill train --json`. */
export interface JsonLine {
  type: string;
  [key: string]: unknown;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  lines: JsonLine[];
}

export interface CliProcess {
  child: ChildProcess;
  /** Lines parsed so far (--json). */
  lines: JsonLine[];
  /** Resolves with the first line of the given type (rejects if the CLI exits first). */
  waitFor(type: string): Promise<JsonLine>;
  result: Promise<CliResult>;
}

/** `cwd`: the folder the command runs in, as a learner's terminal would be (relative data paths start there). */
export function startCli(args: string[], cwd = ROOT): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: JsonLine[] = [];
  let stdout = '';
  let stderr = '';
  const waiters: { type: string; resolve: (l: JsonLine) => void; reject: (e: Error) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    stdout += `${text}\n`;
    if (!text.startsWith('{')) return;
    const line = JSON.parse(text) as JsonLine;
    lines.push(line);
    for (const w of waiters.filter((w) => w.type === line.type)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const result = new Promise<CliResult>((resolve) => {
    child.once('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the CLI exited before printing a '${w.type}' line\n${stderr}`));
      resolve({ code, signal, stdout, stderr, lines });
    });
  });
  return {
    child,
    lines,
    result,
    waitFor(type) {
      const seen = lines.find((l) => l.type === type);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => waiters.push({ type, resolve, reject }));
    },
  };
}

export function runCli(args: string[], cwd = ROOT): Promise<CliResult> {
  return startCli(args, cwd).result;
}

/** `deepdrill train FIXTURE --json …` to completion. */
export function trainJson(fixtureName: string, ...extra: string[]): Promise<CliResult> {
  return runCli(['train', fixture(fixtureName), '--json', ...extra]);
}

export function ofType(lines: JsonLine[], type: string): JsonLine[] {
  return lines.filter((l) => l.type === type);
}

/** The last line, which must be the run's one final line. */
export function finalLine(r: CliResult): JsonLine {
  const last = r.lines[r.lines.length - 1];
  if (!last) throw new Error(`no JSON output; stderr:\n${r.stderr}`);
  return last;
}

/** Process ids whose parent is `pid`, from /proc. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name, which is in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function processExists(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    // A zombie has exited; only its entry is left for the parent to collect.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
