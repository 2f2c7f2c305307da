// The cancellable progress notification of a run: "Epoch 2/5 · ETA 0:42". Cancelling it stops
// the run. It closes by itself when the run ends.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { runProgress, type RunRecord } from '../shared/runModel';
import { progressText } from '../shared/runText';
import type { TrainingSession } from './session';

/** How often the line is refreshed (the ETA moves even between events). */
const REFRESH_MS = 500;

export function showRunProgress(session: TrainingSession, run: RunRecord): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `DeepDrill: training ${basename(run.file)}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        const refresh = () => {
          const current = session.currentRun;
          if (!current || current.id !== run.id) return;
          const percent = Math.round(runProgress(current) * 100);
          progress.report({ message: progressText(current, Date.now()), increment: Math.max(0, percent - reported) });
          reported = Math.max(reported, percent);
        };
        const timer = setInterval(refresh, REFRESH_MS);
        const ended = session.onDidEndRun((r) => {
          if (r.id === run.id) finish();
        });
        const cancelled = token.onCancellationRequested(() => {
          if (session.currentRun?.id === run.id) void session.stop();
        });
        function finish() {
          clearInterval(timer);
          ended.dispose();
          cancelled.dispose();
          resolve();
        }
        // The run may have ended before the notification appeared.
        if (session.currentRun?.id !== run.id || session.currentRun.status.kind !== 'running') finish();
        else refresh();
      }),
  );
}
