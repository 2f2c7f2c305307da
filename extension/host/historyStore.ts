// The run history on disk, in the extension's global storage. Several VS Code windows share
// that folder, so every save re-reads the file and adds to what is there, under a lock shared
// by the windows (durableFile.ts); saves are atomic and keep the previous good version as a
// backup, from which a corrupt file is restored (and the user told, once).
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { readWithBackup, saveWithBackup, withFileLock, type Parsed } from '../shared/durableFile';
import { addRun, emptyHistory, parseHistory, runsOf, serializeHistory, trimHistory, type RunHistory } from '../shared/runHistory';
import type { RunRecord } from '../shared/runModel';

const FILE_NAME = 'runHistory.json';

export class HistoryStore {
  private history: RunHistory = emptyHistory();
  private loading: Promise<void> | undefined;
  /** Saves run one after another. */
  private queue: Promise<void> = Promise.resolve();
  private toldAboutDamage = false;

  /** `warn` shows a message to the user (once per window: a restored file is news only once). */
  constructor(
    private readonly folder: string,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  get path(): string {
    return join(this.folder, FILE_NAME);
  }

  /** Reads the file once; later calls wait for the same read. Never rejects. */
  load(): Promise<void> {
    this.loading ??= withFileLock(this.path, () => this.readDisk())
      .catch((e: unknown) => {
        this.log.warn(`Could not read the run history ${this.path}: ${(e as Error).message}`);
        return emptyHistory();
      })
      .then((h) => {
        // Runs saved while the file was being read are kept.
        for (const [, runs] of Object.entries(this.history.files)) for (const run of runs) h = addRun(h, run, Number.MAX_SAFE_INTEGER);
        this.history = h;
      });
    return this.loading;
  }

  /** Earlier runs of a file, newest first (empty until loaded). */
  runs(file: string): readonly RunRecord[] {
    return runsOf(this.history, file);
  }

  /** Records a finished run at once in memory and saves it in the background. */
  add(run: RunRecord, limit: number): void {
    this.history = addRun(this.history, run, limit);
    this.queue = this.queue.then(async () => {
      try {
        const merged = await withFileLock(this.path, async () => {
          const merged = trimHistory(addRun(await this.readDisk(), run, limit), limit);
          await saveWithBackup(this.path, serializeHistory(merged), parse);
          return merged;
        });
        // Other windows' runs come in from the disk; runs this window added while the save was
        // writing are only in memory so far and must not vanish until their own save lands.
        let next = merged;
        for (const runs of Object.values(this.history.files)) for (const r of runs) next = addRun(next, r, limit);
        this.history = next;
      } catch (e) {
        this.log.warn(`Could not save the run history to ${this.path}: ${(e as Error).message}`);
      }
    });
  }

  /** Resolves once every save asked for so far is on disk. */
  flush(): Promise<void> {
    return this.queue;
  }

  private async readDisk(): Promise<RunHistory> {
    const read = await readWithBackup(this.path, parse, emptyHistory, serializeHistory);
    if (read.source === 'backup' || read.source === 'fresh') {
      this.log.warn(`${read.problem}; ${read.source === 'backup' ? 'restored it from its backup' : 'starting a new one'}. The damaged file is kept as ${read.corruptCopy}.`);
      if (!this.toldAboutDamage) {
        this.toldAboutDamage = true;
        this.warn(
          read.source === 'backup'
            ? 'DeepDrill restored the history of your training runs from its backup (the file was damaged; a copy of it was kept).'
            : 'DeepDrill could not read the history of your training runs or its backup, and starts a new one. The damaged file was kept; see the log.',
        );
      }
    }
    return read.value;
  }
}

/** A file that does not parse as a whole is damaged; malformed runs inside a good one are left out. */
function parse(text: string): Parsed<RunHistory> {
  const parsed = parseHistory(text);
  return parsed.problem ? { ok: false, reason: parsed.problem } : { ok: true, value: parsed.history };
}
