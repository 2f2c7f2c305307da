// Where a learner's attempts at drills live, and which drill a file is an attempt at. A practice
// file is `<practice folder>/<drill id>.ts`, written from the drill's starter with a header
// comment naming the drill, so that a file moved or renamed elsewhere is still recognised.

import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** The folder a workspace keeps its attempts in, when the setting does not name one. */
export const DEFAULT_PRACTICE_FOLDER = 'deepdrill-practice';

const HEADER = /^\s*\/\/\s*DeepDrill drill:\s*([a-z0-9]+(?:-[a-z0-9]+)*)\b/;
/** How many lines from the top the header is looked for in (a learner may add lines above it). */
const HEADER_LINES = 5;

export interface PracticeFolderInput {
  /** The `deepdrill.drills.practiceFolder` setting: empty, absolute, or relative to the workspace. */
  setting: string;
  /** Absolute path of the first workspace folder, if a folder is open. */
  workspaceFolder?: string;
  /** Absolute path of the extension's global storage (used when no folder is open). */
  globalStorage: string;
}

export function practiceFolder(input: PracticeFolderInput): string {
  const setting = input.setting.trim();
  const base = input.workspaceFolder ?? join(input.globalStorage, 'practice');
  if (setting === '') return input.workspaceFolder ? join(input.workspaceFolder, DEFAULT_PRACTICE_FOLDER) : base;
  return isAbsolute(setting) ? resolve(setting) : resolve(base, setting);
}

export function practiceFile(folder: string, drillId: string): string {
  return join(folder, `${drillId}.ts`);
}

/** The first line of a practice file: names the drill (what Check grades it against). */
export function practiceHeader(drillId: string, title: string): string {
  return `// DeepDrill drill: ${drillId} — ${title}. Check it with the ▶ Check lens above, or Ctrl+Alt+Enter.`;
}

/** A fresh attempt: the drill's starter below its header. */
export function practiceSource(drillId: string, title: string, starter: string): string {
  return `${practiceHeader(drillId, title)}\n${starter}`;
}

/** The drill id a header in the first lines of `source` names, whether or not it exists. */
export function headerDrillId(source: string): string | undefined {
  for (const line of source.split('\n', HEADER_LINES)) {
    const m = HEADER.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Which drill a file is an attempt at: the one its header names, else the one its name names
 * when it sits in the practice folder. Undefined when neither names a drill of `knownIds`.
 */
export function practiceDrillId(file: string, source: string, knownIds: ReadonlySet<string>, folder?: string): string | undefined {
  const fromHeader = headerDrillId(source);
  if (fromHeader !== undefined) return knownIds.has(fromHeader) ? fromHeader : undefined;
  if (folder === undefined || !/\.ts$/.test(file)) return undefined;
  const rel = relative(resolve(folder), resolve(dirname(file)));
  if (rel !== '') return undefined;
  const id = basename(file).replace(/\.ts$/, '');
  return knownIds.has(id) ? id : undefined;
}
