// The extension host's entry point. activate() only wires things up; tfjs lives in the worker
// process, which starts when the user trains.
import type * as vscode from 'vscode';
import type { RunRecord } from '../shared/runModel';
import { ArchitectureFeature } from './architecturePanel';
import { registerCommands, reportRunEnd } from './commands';
import { Ctx } from './ctx';
import type { DrillsApi } from './drillFeature';
import { registerExamples } from './examples';
import { InlineCharts } from './inlineCharts';
import { DeepDrillLanguageClient } from './languageClient';

/** What activate() returns; the in-VS-Code tests drive DeepDrill through it. */
export interface DeepDrillApi {
  /** The current run changed: every worker event, its start and its end. */
  readonly onDidChangeRun: vscode.Event<RunRecord>;
  /** The run in progress, or the last run of this window. */
  currentRun(): RunRecord | undefined;
  /** Finished runs of a file (absolute path), newest first. */
  history(file: string): readonly RunRecord[];
  /** The drills: start one, check one. */
  readonly drills: DrillsApi;
}

let active: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): DeepDrillApi {
  const ctx = new Ctx(context);
  active = ctx;
  ctx.push(
    ...registerCommands(ctx),
    reportRunEnd(ctx),
    new ArchitectureFeature(ctx),
    new InlineCharts(ctx),
    new DeepDrillLanguageClient(ctx),
    registerExamples(context, ctx.log),
  );
  context.subscriptions.push(ctx);
  return {
    onDidChangeRun: ctx.session.onDidChangeRun,
    currentRun: () => ctx.session.currentRun,
    history: (file) => ctx.history.runs(file),
    drills: ctx.drills.api(),
  };
}

/** Stops a run in progress so that no worker outlives the extension. */
export async function deactivate(): Promise<void> {
  const ctx = active;
  active = undefined;
  await ctx?.shutdown();
}
