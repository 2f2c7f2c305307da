// Keeps drill progress (drillSchedule.ts: the cards and the review log) in one JSON file, in
// the extension's global storage. No review may be lost, even when VS Code is killed mid-write
// or two VS Code windows record reviews at once (durableFile.ts): every save is atomic and
// keeps the previous good version as `<file>.bak`; a corrupt file is restored from it and kept
// aside; every change is a read-change-write of the file on disk under a lock shared by all
// processes, so a review saved by another window is never overwritten.

import { backupOf, readWithBackup, saveWithBackup, withFileLock, type Parsed, type ReadOutcome } from './durableFile';
import { emptyProgress, parseProgress, type DrillProgress } from './drillSchedule';

export type LoadOutcome =
  | { source: 'file' | 'none'; progress: DrillProgress }
  /** The file was corrupt and the backup was good: it has been restored. */
  | { source: 'backup'; progress: DrillProgress; problem: string; corruptCopy: string }
  /** The file and its backup were both unusable: starting afresh; the corrupt file is kept. */
  | { source: 'fresh'; progress: DrillProgress; problem: string; corruptCopy: string };

function parse(text: string): Parsed<DrillProgress> {
  const p = parseProgress(text);
  return p.ok ? { ok: true, value: p.progress } : p;
}

function toLoadOutcome(r: ReadOutcome<DrillProgress>): LoadOutcome {
  switch (r.source) {
    case 'file':
    case 'none':
      return { source: r.source, progress: r.value };
    case 'backup':
    case 'fresh':
      return { source: r.source, progress: r.value, problem: r.problem, corruptCopy: r.corruptCopy };
  }
}

export class ProgressStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  get backupFile(): string {
    return backupOf(this.file);
  }

  /** Runs `task` after every earlier queued task of this store, holding the cross-process lock. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> => withFileLock(this.file, task);
    const next = this.queue.then(locked, locked);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Reads the progress, restoring it from the backup when the file is corrupt. */
  load(): Promise<LoadOutcome> {
    return this.enqueue(() => this.loadNow());
  }

  private async loadNow(): Promise<LoadOutcome> {
    return toLoadOutcome(await readWithBackup(this.file, parse, emptyProgress, (p) => JSON.stringify(p)));
  }

  /** Saves `progress` as it is, keeping the previous good version as the backup. Prefer `update`, which keeps other windows' reviews. */
  save(progress: DrillProgress): Promise<void> {
    return this.enqueue(() => this.saveNow(progress));
  }

  private saveNow(progress: DrillProgress): Promise<void> {
    return saveWithBackup(this.file, JSON.stringify(progress), parse);
  }

  /**
   * Reads the file, changes it and saves it as one step, across processes: concurrent updates,
   * in this window or another, apply one after another. Resolves with the saved progress.
   */
  update(change: (p: DrillProgress) => DrillProgress): Promise<DrillProgress> {
    return this.enqueue(async () => {
      const next = change((await this.loadNow()).progress);
      await this.saveNow(next);
      return next;
    });
  }
}
