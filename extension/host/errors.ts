// A failed run, shown to the user with what to do next: jump to the line, or read the log.
import * as vscode from 'vscode';
import type { RunRecord } from '../shared/runModel';
import { describeRunError } from '../shared/runText';
import type { RunError } from '../shared/workerProtocol';

const SHOW_LINE = 'Show Line';
const OPEN_LOG = 'Open Log';
const OPEN_SETTINGS = 'Open Settings';

export async function showRunFailure(run: RunRecord, log: vscode.LogOutputChannel): Promise<void> {
  if (run.status.kind !== 'failed') return;
  const error = run.status.error;
  const actions = [
    ...(error.line !== undefined ? [SHOW_LINE] : []),
    ...(error.kind === 'backend' ? [OPEN_SETTINGS] : []),
    OPEN_LOG,
  ];
  const choice = await vscode.window.showErrorMessage(describeRunError(error, run.file), ...actions);
  if (choice === SHOW_LINE) await showErrorLine(error, run.file);
  else if (choice === OPEN_LOG) log.show(true);
  else if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'deepdrill.backend');
}

/** Opens the file at the error and selects its line. */
export async function showErrorLine(error: RunError, trainedFile: string): Promise<void> {
  if (error.line === undefined) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(error.file ?? trainedFile));
  const line = doc.lineAt(Math.min(Math.max(error.line - 1, 0), doc.lineCount - 1));
  const selection = new vscode.Selection(line.range.start.translate(0, line.firstNonWhitespaceCharacterIndex), line.range.end);
  await vscode.window.showTextDocument(doc, { selection, preview: false });
}
