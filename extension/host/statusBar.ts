// The status-bar item: what the run is doing while it trains, its headline metric after.
// Clicking it opens the metrics panel.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord } from '../shared/runModel';
import { lastLogs } from '../shared/runModel';
import { compactMetric } from '../shared/inlineRuns';
import { formatDuration, formatMetric, headlineMetric, statusText } from '../shared/runText';
import type { TrainingSession } from './session';

/** The item is redrawn at most this often: batch events come dozens of times a second. */
const REFRESH_MS = 250;

export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('deepdrill.run', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly session: TrainingSession) {
    this.item.name = 'DeepDrill Training';
    this.item.command = 'deepdrill.showMetrics';
    this.subscriptions.push(
      session.onDidChangeRun((run) => (run.status.kind === 'running' ? this.schedule() : this.render(run))),
    );
  }

  private schedule(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      const run = this.session.currentRun;
      if (run) this.render(run);
    }, REFRESH_MS);
  }

  private render(run: RunRecord): void {
    const name = basename(run.file);
    const logs = lastLogs(run);
    const headline = headlineMetric(run.status.kind === 'succeeded' ? { ...logs, ...run.status.logs } : logs);
    // Written as the sparkline beside the code writes it (accuracy in percent).
    const metric = headline ? `${headline.name} ${compactMetric(headline.name, headline.value)}` : '';
    switch (run.status.kind) {
      case 'running': {
        const fit = run.fits[run.fits.length - 1];
        const batchLoss = fit?.batchLoss[fit.batchLoss.length - 1]?.[1];
        const epoch = fit ? ` ${Math.min(fit.currentEpoch, fit.epochs)}/${fit.epochs}` : '';
        const loss = batchLoss !== undefined ? ` · loss ${formatMetric(batchLoss)}` : '';
        this.item.text = `$(loading~spin) DeepDrill${epoch}${loss}`;
        this.item.backgroundColor = undefined;
        break;
      }
      case 'succeeded':
        this.item.text = `$(pass) DeepDrill${metric ? ` ${metric}` : ''}`;
        this.item.backgroundColor = undefined;
        break;
      case 'stopped':
        this.item.text = `$(debug-stop) DeepDrill stopped`;
        this.item.backgroundColor = undefined;
        break;
      case 'failed':
        this.item.text = `$(error) DeepDrill failed`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    const lines = [`**${name}** — ${statusText(run)}`];
    if (run.backend) lines.push(`Backend: ${run.backend}${run.backendDetail ? ` (${run.backendDetail})` : ''}`);
    if (metric) lines.push(`Last epoch: ${metric}`);
    if (run.durationMs !== undefined) lines.push(`Took ${formatDuration(run.durationMs)}`);
    lines.push('', 'Click to show the metrics panel.');
    this.item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
    this.item.show();
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscriptions.forEach((d) => d.dispose());
    this.item.dispose();
  }
}
