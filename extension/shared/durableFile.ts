// Files of user state (drill progress and review logs, the run history) that must survive
// VS Code being killed at any moment and two VS Code windows — two extension host processes —
// writing at once:
// - writeFileAtomic: a temporary file, flushed to disk, renamed over the old one, and the folder
//   flushed, so the file is always the old version or the new one, never half of each;
// - a backup (`<file>.bak`) of the last version that read back as good, written the same way;
// - readWithBackup: a file that does not parse is kept aside as `<file>.corrupt-<time>` and the
//   backup takes its place; the caller gets the fact as data and tells the user;
// - withFileLock: one read-change-write at a time across processes.
//
// The lock is written here rather than taken from proper-lockfile: that package decides a
// lock is stale by its age (10 s by default, 2 s at least), so a window killed while holding
// it would block the others for that long; here the lock names its holder's pid, and a lock
// whose holder is gone is taken over at once.

import { link, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let tmpCounter = 0;

/** Writes `text` to `file` so that a crash at any moment leaves either the old file or the new one. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${++tmpCounter}`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  // The rename itself is durable only once the folder is on disk.
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Some file systems cannot sync a folder; the rename is still atomic there.
  }
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

type Read<T> = { kind: 'missing' } | { kind: 'bad'; reason: string } | { kind: 'good'; value: T; text: string };

async function readParsed<T>(file: string, parse: (text: string) => Parsed<T>): Promise<Read<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'bad', reason: (err as Error).message };
  }
  const parsed = parse(text);
  return parsed.ok ? { kind: 'good', value: parsed.value, text } : { kind: 'bad', reason: parsed.reason };
}

export const backupOf = (file: string): string => `${file}.bak`;

export type ReadOutcome<T> =
  /** `none`: neither the file nor a backup exists (a first start). */
  | { source: 'file' | 'none'; value: T }
  /** The file was corrupt and the backup was good: it has been restored. */
  | { source: 'backup'; value: T; problem: string; corruptCopy: string }
  /** The file and its backup were both unusable: starting afresh; the corrupt file is kept. */
  | { source: 'fresh'; value: T; problem: string; corruptCopy: string };

/** Reads `file`, restoring it from its backup (on disk too) when it does not parse. */
export async function readWithBackup<T>(file: string, parse: (text: string) => Parsed<T>, empty: () => T, serialize: (value: T) => string): Promise<ReadOutcome<T>> {
  const main = await readParsed(file, parse);
  if (main.kind === 'good') return { source: 'file', value: main.value };
  const backup = await readParsed(backupOf(file), parse);
  if (main.kind === 'missing') {
    // Killed between writing the backup and the new file on the very first save, or a fresh start.
    return backup.kind === 'good' ? { source: 'file', value: backup.value } : { source: 'none', value: empty() };
  }
  const corruptCopy = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await writeFileAtomic(corruptCopy, await readFile(file, 'utf8').catch(() => ''));
  const problem = `${file} was corrupt (${main.reason})`;
  if (backup.kind === 'good') {
    await writeFileAtomic(file, backup.text);
    return { source: 'backup', value: backup.value, problem, corruptCopy };
  }
  const fresh = empty();
  await writeFileAtomic(file, serialize(fresh));
  return { source: 'fresh', value: fresh, problem: `${problem} and so was its backup`, corruptCopy };
}

/** Writes `text` to `file`, first keeping the version on disk as the backup if it parses. */
export async function saveWithBackup<T>(file: string, text: string, parse: (text: string) => Parsed<T>): Promise<void> {
  // Only a file that parses becomes the backup: a corrupt one must never replace a good backup.
  const current = await readParsed(file, parse);
  if (current.kind === 'good') await writeFileAtomic(backupOf(file), current.text);
  await writeFileAtomic(file, text);
}

// ---- the lock ---------------------------------------------------------------------------------

/** A lock whose holder wrote nothing yet (killed right after creating it) is stale after this. */
const EMPTY_LOCK_STALE_MS = 2000;
/**
 * No holder keeps the lock this long (a read-change-write takes milliseconds): past it the lock
 * is stale even if its pid is alive, which covers a pid reused by an unrelated process.
 */
const LOCK_MAX_HOLD_MS = 10000;
const LOCK_TIMEOUT_MS = 15000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's text when its holder is gone (or never wrote its pid), else undefined. */
async function staleText(lock: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(lock, 'utf8');
  } catch {
    return undefined; // gone already: just try again
  }
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(lock)).mtimeMs;
  } catch {
    return undefined;
  }
  if (ageMs > LOCK_MAX_HOLD_MS) return text;
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return pid !== process.pid && !isAlive(pid) ? text : undefined;
  return ageMs > EMPTY_LOCK_STALE_MS ? text : undefined;
}

/** Runs `task` while holding `<file>.lock`, shared by every process that uses the same file. */
export async function withFileLock<T>(file: string, task: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await mkdir(dirname(file), { recursive: true });
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(lock, `${process.pid}`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const stale = await staleText(lock);
    if (stale !== undefined) {
      // Moved aside before it is removed, so that of two processes taking over the same stale
      // lock only one succeeds. Should the one moved be a fresh lock taken meanwhile, it is put
      // back (link fails rather than replace a lock taken in between).
      const aside = `${lock}.stale-${process.pid}-${++tmpCounter}`;
      try {
        await rename(lock, aside);
        if ((await readFile(aside, 'utf8')) !== stale) await link(aside, lock).catch(() => undefined);
        await rm(aside, { force: true });
      } catch {
        // Someone else moved it first.
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${file} is locked by another DeepDrill process (${lock}); if no VS Code window is open, delete that file.`);
    await new Promise((r) => setTimeout(r, Math.min(50, 5 + attempt * 2) + Math.random() * 10));
  }
  try {
    return await task();
  } finally {
    await rm(lock, { force: true });
  }
}
