// The commands of the palette, the editor title and the keybinding.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { trainSettings } from './config';
import type { Ctx } from './ctx';
import { showRunFailure } from './errors';
import { explainUntrusted, isModelFile, openDocument } from './modelFiles';
import { showRunProgress } from './progress';


export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('deepdrill.train', (uri?: unknown) => trainCurrentModel(ctx, uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand('deepdrill.stop', () => ctx.session.stop()),
    // The inline charts' hover and CodeLens pass the file they are about.
    vscode.commands.registerCommand('deepdrill.showMetrics', (uri?: unknown) => {
      const run = ctx.session.currentRun;
      const active = vscode.window.activeTextEditor?.document;
      const given = uri instanceof vscode.Uri && uri.scheme === 'file' ? uri.fsPath : undefined;
      const file = given ?? run?.file ?? (active && isModelFile(active) && !active.isUntitled ? active.uri.fsPath : undefined);
      ctx.panels.show(file, { preserveFocus: false });
    }),
    vscode.commands.registerCommand('deepdrill.showLog', () => ctx.log.show()),
  ];
}

/**
 * Trains the given file (the editor title's button and the panel's Train Again pass it) or the
 * active editor's, with the editor's text even when unsaved. Resolves once the run has started.
 */
export async function trainCurrentModel(ctx: Ctx, uri?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    await explainUntrusted('DeepDrill trains a model by running its file, and this workspace is not trusted, so nothing was run. Trust the workspace to train.');
    return;
  }

  // With the metrics panel focused there is no active editor: train the panel's file then.
  const panelFile = ctx.panels.activeFile();
  const target = uri ?? (vscode.window.activeTextEditor ? undefined : panelFile && vscode.Uri.file(panelFile));
  const doc = target ? await openDocument(target) : vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showInformationMessage('Open a TypeScript or JavaScript file that builds a TensorFlow.js model, then run DeepDrill: Train Current Model.');
    return;
  }
  const name = basename(doc.uri.path);
  if (!isModelFile(doc)) {
    void vscode.window.showInformationMessage(`DeepDrill trains TypeScript or JavaScript files; ${name} is ${doc.languageId}. Open a model file and try again.`);
    return;
  }
  if (doc.uri.scheme !== 'file') {
    const save = 'Save As…';
    const choice = await vscode.window.showInformationMessage(
      `Save ${name} to a folder first: DeepDrill runs the file from its folder so that its imports and data files resolve.`,
      save,
    );
    if (choice === save) await vscode.commands.executeCommand('workbench.action.files.saveAs');
    return;
  }

  // Another run may start while the question is open, hence the loop.
  while (ctx.session.busy) {
    const running = ctx.session.currentRun;
    const stopAndTrain = 'Stop and Train';
    const choice = await vscode.window.showWarningMessage(
      `DeepDrill is training ${running ? basename(running.file) : 'a model'}. Stop that run and train ${name}?`,
      { modal: true },
      stopAndTrain,
    );
    if (choice !== stopAndTrain) return;
    await ctx.session.stop();
  }

  const file = doc.uri.fsPath;
  const run = await ctx.session.start(
    { file, source: doc.getText(), workspaceRoot: vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath },
    trainSettings(doc.uri),
  );
  ctx.panels.show(file, { preserveFocus: true });
  showRunProgress(ctx.session, run);
}

/** After a run: failures are shown with a next step; a stop is what the user asked for. */
export function reportRunEnd(ctx: Ctx): vscode.Disposable {
  return ctx.session.onDidEndRun((run) => {
    if (run.status.kind === 'failed') void showRunFailure(run, ctx.log);
  });
}
