// Keeps drill progress (drillSchedule.ts) in one JSON file, in the extension's global storage.
// No review may be lost, even when VS Code is killed mid-write:
// - every save writes a temporary file, flushes it to disk and renames it over the old one, so
//   the file is always either the old or the new version, never half of each;
// - before that, the last good version is copied to `<file>.bak` (the same way);
// - a file that does not parse or validate is restored from the backup, and kept aside as
//   `<file>.corrupt-<time>` rather than deleted.
// Writes are queued, so overlapping updates never interleave.

import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { emptyProgress, parseProgress, type DrillProgress } from './drillSchedule';

export type LoadOutcome =
  | { source: 'file' | 'none'; progress: DrillProgress }
  /** The file was corrupt and the backup was good: it has been restored. */
  | { source: 'backup'; progress: DrillProgress; problem: string; corruptCopy: string }
  /** The file and its backup were both unusable: starting afresh; the corrupt file is kept. */
  | { source: 'fresh'; progress: DrillProgress; problem: string; corruptCopy: string };

type Read = { kind: 'missing' } | { kind: 'bad'; reason: string } | { kind: 'good'; progress: DrillProgress };

async function readProgress(file: string): Promise<Read> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'bad', reason: (err as Error).message };
  }
  const parsed = parseProgress(text);
  return parsed.ok ? { kind: 'good', progress: parsed.progress } : { kind: 'bad', reason: parsed.reason };
}

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
}

export class ProgressStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  get backupFile(): string {
    return `${this.file}.bak`;
  }

  /** Runs `task` after every earlier queued task, whatever they did. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Reads the progress, restoring it from the backup when the file is corrupt. */
  load(): Promise<LoadOutcome> {
    return this.enqueue(() => this.loadNow());
  }

  private async loadNow(): Promise<LoadOutcome> {
    const main = await readProgress(this.file);
    if (main.kind === 'good') return { source: 'file', progress: main.progress };
    const backup = await readProgress(this.backupFile);
    if (main.kind === 'missing') {
      // Killed between writing the backup and the new file on the very first save, or a fresh start.
      return backup.kind === 'good' ? { source: 'file', progress: backup.progress } : { source: 'none', progress: emptyProgress() };
    }
    const corruptCopy = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(this.file, corruptCopy);
    const problem = `${this.file} was corrupt (${main.reason})`;
    if (backup.kind === 'good') {
      await writeFileAtomic(this.file, JSON.stringify(backup.progress));
      return { source: 'backup', progress: backup.progress, problem, corruptCopy };
    }
    const fresh = emptyProgress();
    await writeFileAtomic(this.file, JSON.stringify(fresh));
    return { source: 'fresh', progress: fresh, problem: `${problem} and so was its backup`, corruptCopy };
  }

  /** Saves `progress`, keeping the previous good version as the backup. */
  save(progress: DrillProgress): Promise<void> {
    return this.enqueue(() => this.saveNow(progress));
  }

  private async saveNow(progress: DrillProgress): Promise<void> {
    // Only a file that validates becomes the backup: a corrupt one must never replace a good backup.
    if ((await readProgress(this.file)).kind === 'good') {
      const tmp = `${this.backupFile}.tmp-${process.pid}-${++tmpCounter}`;
      await copyFile(this.file, tmp);
      await rename(tmp, this.backupFile);
    }
    await writeFileAtomic(this.file, JSON.stringify(progress));
  }

  /** Reads, changes and saves the progress as one step; concurrent updates apply one after another. */
  update(change: (p: DrillProgress) => DrillProgress): Promise<DrillProgress> {
    return this.enqueue(async () => {
      const next = change((await this.loadNow()).progress);
      await this.saveNow(next);
      return next;
    });
  }
}
