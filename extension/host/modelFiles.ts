// What counts as a model file for every feature that runs or reads one (train, architecture,
// inline charts, the language server), and the two steps they share: opening a file given by a
// CodeLens or a panel, and telling the learner why nothing ran in an untrusted workspace.
import { extname } from 'node:path';
import * as vscode from 'vscode';

/** The languages of the files DeepDrill trains, draws and checks (the worker transpiles them all). */
export const MODEL_LANGUAGES: readonly string[] = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];
const MODEL_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.tsx', '.jsx']);

export function isModelPath(path: string): boolean {
  return MODEL_EXTENSIONS.has(extname(path).toLowerCase());
}

export function isModelFile(doc: vscode.TextDocument): boolean {
  return MODEL_LANGUAGES.includes(doc.languageId) || isModelPath(doc.uri.path);
}

/** The document at `uri`, or undefined when it cannot be opened (deleted, not text). */
export async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

/** Says why nothing ran, with the way to trust the workspace. */
export async function explainUntrusted(message: string): Promise<void> {
  const manage = 'Manage Workspace Trust';
  if ((await vscode.window.showWarningMessage(message, manage)) === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
