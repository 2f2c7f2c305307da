// The run history on disk, in the extension's global storage. Several VS Code windows share
// that folder, so every save re-reads the file and adds to what is there; writes go to a
// temporary file first and are renamed into place, so a crash never leaves half a file.
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { addRun, emptyHistory, parseHistory, runsOf, serializeHistory, trimHistory, type RunHistory } from '../shared/runHistory';
import type { RunRecord } from '../shared/runModel';

const FILE_NAME = 'runHistory.json';

export class HistoryStore {
  private history: RunHistory = emptyHistory();
  private loading: Promise<void> | undefined;
  /** Saves run one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly folder: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private get path(): string {
    return join(this.folder, FILE_NAME);
  }

  /** Reads the file once; later calls wait for the same read. Never rejects. */
  load(): Promise<void> {
    this.loading ??= this.readDisk().then((h) => {
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
        const merged = trimHistory(addRun(await this.readDisk(), run, limit), limit);
        await mkdir(this.folder, { recursive: true });
        const temp = `${this.path}.${process.pid}.tmp`;
        await writeFile(temp, serializeHistory(merged), 'utf8');
        await rename(temp, this.path);
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
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`Could not read the run history ${this.path}: ${(e as Error).message}`);
      return emptyHistory();
    }
    const parsed = parseHistory(text);
    if (parsed.problem) {
      // Keep the unreadable file for the curious; the next save starts a fresh history.
      const backup = join(this.folder, 'runHistory.unreadable.json');
      await copyFile(this.path, backup).catch(() => undefined);
      this.log.warn(`The run history was unreadable (${parsed.problem}); starting a new one. The old file is kept as ${backup}.`);
    } else if (parsed.dropped > 0) {
      this.log.warn(`Left out ${parsed.dropped} malformed run(s) from the run history.`);
    }
    return parsed.history;
  }
}
