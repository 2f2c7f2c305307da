// Where a line of code is after edits. A run reports the lines of its fit calls as they were
// when it started; the user keeps typing meanwhile and after. The inline charts follow those
// lines through every change of the document, and find them again by their text when the
// file is reopened. Pure: positions are 0-based, as in VS Code's TextDocumentContentChangeEvent.

/** One content change: the replaced range (in the document before it) and what replaced it. */
export interface LineEdit {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
  /**
   * Whether everything before the start of the change on its line is blank. Enter typed at
   * the start of a line (before or within its indentation) pushes the line down; typed later,
   * it splits the line and the code before the cursor stays.
   */
  headBlank?: boolean;
}

function newlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * The line `line` is on after `edit`, or undefined when the edit removed it: its whole text
 * deleted, or replaced with other text.
 */
export function mapLine(line: number, edit: LineEdit): number | undefined {
  const added = newlines(edit.text);
  const removed = edit.endLine - edit.startLine;
  if (edit.endLine < line) return line + added - removed;
  if (edit.startLine > line) return line;
  if (edit.startLine < line && edit.endLine > line) return undefined;
  if (edit.startLine < line) {
    // The change ends on this line: what follows the end of the change survives, joined to the
    // change's last line. A change ending at column 0 (a joined line) keeps all of it; one
    // ending within the line replaced its start, which is taken as replacing the line.
    return edit.endCharacter === 0 ? edit.startLine + added : undefined;
  }
  if (edit.endLine > line) {
    // The change starts on this line and runs past its end. Deleting from the line's start
    // removes it; otherwise its head (or the text put in its place) stays here.
    const fromStart = edit.startCharacter === 0 || edit.headBlank === true;
    return fromStart && edit.text.trim() === '' ? undefined : line;
  }
  // Within the line: only new lines typed before its code move it.
  if (added === 0) return line;
  return edit.startCharacter === 0 || edit.headBlank ? line + added : line;
}

/** Maps a line through edits applied one after another; undefined once one removes it. */
export function mapLineThrough(line: number, edits: readonly LineEdit[]): number | undefined {
  let at: number | undefined = line;
  for (const edit of edits) {
    if (at === undefined) return undefined;
    at = mapLine(at, edit);
  }
  return at;
}

/** The call in a line that names what trains, to find an edited fit line again. */
const TRAINING_CALL = /\.(fitDataset|fit|trainOnBatch)\s*\(|\bfunction\s+([A-Za-z_$][\w$]*)|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/;

function trainingKey(text: string): string | undefined {
  const m = TRAINING_CALL.exec(text);
  if (!m) return undefined;
  return m[1] !== undefined ? `.${m[1]}(` : (m[2] ?? m[3]);
}

/**
 * Finds a recorded line in the document as it is now (`lines`, without line ends): the line at
 * `recorded` if its text is still `text`, else the nearest line with that text, else the nearest
 * line making the same training call (`.fit(`, the factory's name) within `window` lines.
 * Without a recorded text the line is trusted as it is. Undefined when nothing fits.
 */
export function relocateLine(lines: readonly string[], recorded: number, text: string | undefined, window = 40): number | undefined {
  if (text === undefined) return recorded >= 0 && recorded < lines.length ? recorded : undefined;
  const want = text.trim();
  const nearest = (ok: (s: string) => boolean, limit: number): number | undefined => {
    for (let d = 0; d <= limit; d++) {
      for (const i of d === 0 ? [recorded] : [recorded - d, recorded + d]) {
        if (i >= 0 && i < lines.length && ok(lines[i])) return i;
      }
    }
    return undefined;
  };
  const exact = nearest((s) => s.trim() === want, lines.length);
  if (exact !== undefined) return exact;
  const key = trainingKey(want);
  if (key === undefined) return undefined;
  return nearest((s) => s.includes(key), window);
}
