// Shared by the fault, fuzz and data-safety tests: seeded randomness (a failure names its seed
// and can be replayed), the process listing that finds orphans, and the figures the issue asks
// `npm test` to print at the end.

import { appendFileSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';

export const ROOT = join(__dirname, '..', '..');
export const WORKER = join(ROOT, 'dist', 'worker.js');
export const GRADER = join(ROOT, 'dist', 'grader.js');

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seeded(seed: string | number): Random {
  const next = seedrandom.alea(String(seed));
  const int = (n: number): number => Math.floor(next() * n);
  return { next: () => next(), int, pick: (items) => items[int(items.length)] };
}

/** The seed of this run: `DEEPDRILL_SEED` replays a failure, else a fixed one keeps CI stable. */
export function runSeed(fallback: string): string {
  return process.env.DEEPDRILL_SEED ?? fallback;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  cmd: string;
}

/** Every live process (zombies left out), from /proc. */
export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid: Number(name), ppid: Number(ppid), cmd });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/**
 * Processes that this checkout's learner-code children can leave behind: workers, graders, and
 * the esbuild service a child starts to transpile. Matched by this checkout's own paths, so
 * other checkouts' tests on the same machine do not count.
 */
export function childrenOfThisCheckout(): ProcessInfo[] {
  const marks = [join(ROOT, 'dist', 'worker.js'), join(ROOT, 'dist', 'grader.js'), join(ROOT, 'node_modules')];
  return listProcesses().filter((p) => p.pid !== process.pid && marks.some((m) => p.cmd.includes(m)));
}

/** Pids of the processes that exist now; what `orphans` compares against. */
export function processBaseline(): Set<number> {
  return new Set(childrenOfThisCheckout().map((p) => p.pid));
}

/**
 * The processes of this checkout that were not there at `baseline` and are still alive. A
 * killed child's own children (the esbuild service) end when their pipe closes, which takes a
 * moment the test cannot await: they get a bounded time to go before they count.
 */
export async function orphans(baseline: Set<number>, graceMs = 5000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = childrenOfThisCheckout().filter((p) => !baseline.has(p.pid));
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Local TCP/UDP sockets in the LISTEN state held by process `pid` (from /proc/<pid>/net and fd links). */
export function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // fd closed while we looked
      }
    }
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      // st 0A is TCP_LISTEN; a bound UDP socket (07) also accepts packets from the network.
      const listening = table.startsWith('tcp') ? cols[3] === '0A' : cols[3] === '07';
      if (listening && inodes.has(cols[9])) found.push(`${table} ${cols[1]}`);
    }
  }
  return found;
}

/**
 * Records a figure for the end of `npm test` (scripts/test.mjs prints them last) and prints it
 * here too, so a single file run shows it.
 */
export function reportFigure(name: string, value: number | string): void {
  const line = `${name}: ${value}`;
  console.log(`# ${line}`);
  const file = process.env.DEEPDRILL_FIGURES_FILE;
  if (file) appendFileSync(file, `${line}\n`);
}
