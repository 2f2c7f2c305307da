// The one protocol between the extension host and the architecture webview. The host owns the
// state (which file, the model's summary or why there is none) and sends all of it whenever it
// changes; the webview draws it and asks for things: show a line, export the drawing, refresh.

import type { ModelSummary } from './modelSummary';
import { isModelSummary } from './modelSummaryValidation';
import type { RunError } from './workerProtocol';

/** What the panel shows about its file. */
export type ArchitectureView =
  /** The model is being built in the worker. */
  | { kind: 'loading' }
  | { kind: 'ready'; summary: ModelSummary }
  /** The file could not be described (syntax error, no model, a throw, untrusted workspace …). */
  | { kind: 'failed'; error: Pick<RunError, 'kind' | 'message' | 'line' | 'hint'> };

// ---- host → webview ---------------------------------------------------------------------

/** Everything the panel shows; sent when it loads and whenever anything changes. */
export interface ArchitectureStateMessage {
  type: 'state';
  /** The file (absolute path): the webview keeps it so that the panel comes back after a reload. */
  file: string;
  /** Its name, for the heading. */
  fileName: string;
  view: ArchitectureView;
}

export type HostToArchitecture = ArchitectureStateMessage;

// ---- webview → host ---------------------------------------------------------------------

/** The script loaded and wants the state. */
export interface ArchitectureReadyMessage {
  type: 'ready';
}
/** A node (or an error's Show Line) was clicked: reveal this 1-based line of the file. */
export interface RevealLineMessage {
  type: 'revealLine';
  line: number;
}
/** Build the model again. */
export interface RefreshMessage {
  type: 'refresh';
}
/** Save the drawing: SVG text, or a PNG as base64; the host asks where. */
export interface ExportMessage {
  type: 'export';
  format: 'svg' | 'png';
  data: string;
}

export type ArchitectureToHost = ArchitectureReadyMessage | RevealLineMessage | RefreshMessage | ExportMessage;

/** Far more than any diagram needs; a larger message is refused rather than written to disk. */
export const MAX_EXPORT_CHARS = 64 * 1024 * 1024;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isLine = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;

/** Webview messages are untrusted input: check before use. */
export function isArchitectureToHost(x: unknown): x is ArchitectureToHost {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'revealLine':
      return isLine(x.line);
    case 'export':
      return (x.format === 'svg' || x.format === 'png') && typeof x.data === 'string' && x.data.length <= MAX_EXPORT_CHARS;
    default:
      return false;
  }
}

function isView(x: unknown): x is ArchitectureView {
  if (!isObject(x)) return false;
  switch (x.kind) {
    case 'loading':
      return true;
    case 'ready':
      return isModelSummary(x.summary);
    case 'failed': {
      const e = x.error;
      return (
        isObject(e) &&
        typeof e.kind === 'string' &&
        typeof e.message === 'string' &&
        (e.line === undefined || isLine(e.line)) &&
        (e.hint === undefined || typeof e.hint === 'string')
      );
    }
    default:
      return false;
  }
}

/** The webview checks the host's messages too: a malformed one must not break the drawing. */
export function isHostToArchitecture(x: unknown): x is HostToArchitecture {
  return isObject(x) && x.type === 'state' && typeof x.file === 'string' && typeof x.fileName === 'string' && isView(x.view);
}
