// The one protocol between the extension host and the metrics webview. The webview may be
// reloaded or hidden at any time: `snapshot` gives it everything it needs to redraw from
// scratch, and `event` streams what happens after.

import type { RunRecord } from './runModel';
import type { WorkerToHost } from './workerProtocol';

// ---- host → webview ---------------------------------------------------------------------

/** Everything the panel shows, sent when it (re)loads or switches to another file. */
export interface SnapshotMessage {
  type: 'snapshot';
  /** The file the panel is about (absolute path), and its name for the title. */
  file: string;
  fileName: string;
  /** The run in progress or the latest run, if any. */
  current?: RunRecord;
  /** Earlier runs of the same file, newest first, for the overlay. */
  history: RunRecord[];
}

/** A worker event of the current run (`runId` matches `current.id`). */
export interface RunEventMessage {
  type: 'event';
  runId: string;
  event: WorkerToHost;
  /** Host clock at the event, so the webview folds events exactly as the host did. */
  at: number;
}

export type HostToMetrics = SnapshotMessage | RunEventMessage;

// ---- webview → host ---------------------------------------------------------------------

/** The webview's script loaded and wants a snapshot. */
export interface ReadyMessage {
  type: 'ready';
}
/** The Stop button. */
export interface StopMessage {
  type: 'stop';
}
/** The Train again button. */
export interface RetrainMessage {
  type: 'retrain';
}

/** The Architecture button: draw the model of the panel's file. */
export interface ShowArchitectureMessage {
  type: 'showArchitecture';
}

export type MetricsToHost = ReadyMessage | StopMessage | RetrainMessage | ShowArchitectureMessage;

/** Webview messages are untrusted input: check before use. */
export function isMetricsToHost(x: unknown): x is MetricsToHost {
  if (typeof x !== 'object' || x === null) return false;
  const type = (x as { type?: unknown }).type;
  return type === 'ready' || type === 'stop' || type === 'retrain' || type === 'showArchitecture';
}
