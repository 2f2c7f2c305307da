// One training run at a time, in a worker process. The session owns the worker, folds its
// events into the run record, and tells the rest of the extension what happened; it knows
// nothing about notifications, panels or the status bar.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunEventMessage } from '../shared/metricsProtocol';
import { applyEvent, newRun, type RunRecord } from '../shared/runModel';
import { formatMetric } from '../shared/runText';
import { startWorker, type WorkerRun } from '../shared/workerProcess';
import { isFinalEvent, type TrainRequest, type WorkerToHost } from '../shared/workerProtocol';
import type { TrainSettings } from './config';
import type { HistoryStore } from './historyStore';

/** What to train: the file and the text to train (the editor's, which may be unsaved). */
export interface TrainTarget {
  file: string;
  source: string;
  workspaceRoot?: string;
}

export type SessionState =
  | { kind: 'idle' }
  /** Preparing; the worker is not started yet. `stopRequested` when Stop came in meanwhile. */
  | { kind: 'starting'; run: RunRecord; stopRequested: boolean }
  | { kind: 'training'; run: RunRecord; worker: WorkerRun }
  | { kind: 'stopping'; run: RunRecord; worker: WorkerRun }
  | { kind: 'ended'; run: RunRecord };

export class TrainingSession implements vscode.Disposable {
  private state: SessionState = { kind: 'idle' };
  /** Settles when the current run's final event has been handled. */
  private runEnded: Promise<void> = Promise.resolve();
  private endRun: () => void = () => undefined;
  private readonly eventEmitter = new vscode.EventEmitter<RunEventMessage>();
  private readonly changeEmitter = new vscode.EventEmitter<RunRecord>();
  private readonly startEmitter = new vscode.EventEmitter<RunRecord>();
  private readonly endEmitter = new vscode.EventEmitter<RunRecord>();

  /** Every worker event of the current run, as the metrics panel receives it. */
  readonly onDidEvent = this.eventEmitter.event;
  /** The current run changed (any event, start and end included). */
  readonly onDidChangeRun = this.changeEmitter.event;
  readonly onDidStartRun = this.startEmitter.event;
  /** The run ended: succeeded, failed or stopped. It is in the history by then. */
  readonly onDidEndRun = this.endEmitter.event;

  constructor(
    private readonly workerPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly history: HistoryStore,
    private readonly historySize: () => number,
  ) {}

  /** The run in progress, or the last one of this window. */
  get currentRun(): RunRecord | undefined {
    return this.state.kind === 'idle' ? undefined : this.state.run;
  }

  /** Whether a run is starting, training or stopping. */
  get busy(): boolean {
    return this.state.kind === 'starting' || this.state.kind === 'training' || this.state.kind === 'stopping';
  }

  /** Starts a run. Callers make sure none is busy first (see `stop`). */
  async start(target: TrainTarget, settings: TrainSettings): Promise<RunRecord> {
    if (this.busy) throw new Error('A training run is already in progress.');
    const run = newRun(randomUUID(), target.file, Date.now());
    this.state = { kind: 'starting', run, stopRequested: false };
    this.runEnded = new Promise<void>((resolve) => {
      this.endRun = resolve;
    });
    this.startEmitter.fire(run);
    this.changeEmitter.fire(run);
    this.log.info(`Training ${target.file} (backend: ${settings.backend}${settings.epochs ? `, ${settings.epochs} epochs per fit` : ''})`);
    // Earlier runs must be at hand when this one ends, to be shown and saved with it.
    await this.history.load();

    const current = this.state;
    if (current.kind !== 'starting' || current.run.id !== run.id) return this.currentRun ?? run;
    if (current.stopRequested) {
      this.handle(run.id, { type: 'error', error: { kind: 'stopped', message: 'Stopped before it started.' } });
      return this.currentRun ?? run;
    }
    const request: TrainRequest = {
      type: 'train',
      file: target.file,
      source: target.source,
      backend: settings.backend,
      epochs: settings.epochs,
      workspaceRoot: target.workspaceRoot,
    };
    let worker: WorkerRun;
    try {
      worker = startWorker(request, { workerPath: this.workerPath, onEvent: (e) => this.handle(run.id, e) });
    } catch (e) {
      this.handle(run.id, { type: 'error', error: { kind: 'crash', message: `Could not start the training process: ${(e as Error).message}` } });
      return this.currentRun ?? run;
    }
    const now = this.state;
    if (now.kind === 'starting' && now.run.id === run.id) this.state = { kind: 'training', run: now.run, worker };
    // `done` settles with the final event even when the process dies without sending one.
    worker.done.then(
      (final) => this.handle(run.id, final),
      (e: unknown) => this.handle(run.id, { type: 'error', error: { kind: 'crash', message: String(e) } }),
    );
    return this.currentRun ?? run;
  }

  /** Stops the run in progress, if any; resolves once its worker is gone. */
  async stop(): Promise<void> {
    const s = this.state;
    switch (s.kind) {
      case 'starting':
        // start() sees the request as soon as it may and ends the run; wait for that, so that
        // a caller who trains next finds the session free.
        s.stopRequested = true;
        await this.runEnded;
        return;
      case 'training':
        this.state = { kind: 'stopping', run: s.run, worker: s.worker };
        this.log.info('Stopping the run…');
        await s.worker.stop();
        // The process is gone, but `done`'s own listener may not have run yet: end the run here,
        // so that a caller who starts the next run right after finds the session no longer busy.
        this.handle(s.run.id, await s.worker.done);
        return;
      case 'stopping':
        await s.worker.stop();
        this.handle(s.run.id, await s.worker.done);
        return;
      default:
        return;
    }
  }

  private handle(runId: string, event: WorkerToHost): void {
    const s = this.state;
    if (s.kind === 'idle' || s.kind === 'ended' || s.run.id !== runId) return;
    const at = Date.now();
    const run = applyEvent(s.run, event, at);
    this.logEvent(run, event);
    if (isFinalEvent(event)) {
      this.state = { kind: 'ended', run };
      this.endRun();
      this.history.add(run, this.historySize());
    } else {
      s.run = run;
    }
    this.eventEmitter.fire({ type: 'event', runId, event, at });
    this.changeEmitter.fire(run);
    if (isFinalEvent(event)) this.endEmitter.fire(run);
  }

  private logEvent(run: RunRecord, e: WorkerToHost): void {
    switch (e.type) {
      case 'log':
        if (e.level === 'error') this.log.error(e.text);
        else if (e.level === 'warn') this.log.warn(e.text);
        else this.log.info(e.text);
        return;
      case 'backend':
        this.log.info(`Backend: ${e.backend} (${e.detail})`);
        return;
      case 'fitStart':
        this.log.info(`Fit ${e.fit + 1}${e.line ? ` (line ${e.line})` : ''}: ${e.epochs} epoch(s)${e.samples ? `, ${e.samples} samples` : ''}`);
        return;
      case 'epoch': {
        const epochs = run.fits[e.fit]?.epochs;
        const metrics = Object.entries(e.logs)
          .map(([k, v]) => `${k}=${formatMetric(v)}`)
          .join(' ');
        this.log.info(`Epoch ${e.epoch}${epochs ? `/${epochs}` : ''}: ${metrics}`);
        return;
      }
      case 'end':
        this.log.info(`Finished in ${(e.durationMs / 1000).toFixed(1)} s on ${e.backend}.`);
        return;
      case 'error':
        if (e.error.kind === 'stopped') this.log.info('Stopped.');
        else this.log.error(`${e.error.message}${e.error.hint ? `\n${e.error.hint}` : ''}${e.error.stack ? `\n${e.error.stack}` : ''}`);
        return;
      default:
        return;
    }
  }

  /** Stops any run and waits for its worker to be gone (deactivation). */
  async shutdown(): Promise<void> {
    await this.stop();
  }

  dispose(): void {
    void this.stop();
    this.eventEmitter.dispose();
    this.changeEmitter.dispose();
    this.startEmitter.dispose();
    this.endEmitter.dispose();
  }
}
