// DeepDrill: New Model File from Example — the first thing a learner without a model file
// needs. The shipped examples are copied into their folder (never overwriting a file) and
// opened, ready for Train Current Model.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { exampleInfo, freeFileName } from '../shared/examples';

export const NEW_FROM_EXAMPLE_COMMAND = 'deepdrill.newFromExample';

export function registerExamples(extension: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_FROM_EXAMPLE_COMMAND, (name?: unknown) => newFromExample(extension, log, typeof name === 'string' ? name : undefined));
}

async function newFromExample(extension: vscode.ExtensionContext, log: vscode.LogOutputChannel, given: string | undefined): Promise<vscode.Uri | undefined> {
  const dir = extension.asAbsolutePath('examples');
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.(ts|js)$/.test(f)).sort();
  } catch (err) {
    log.error(`Could not read the examples folder ${dir}: ${String(err)}`);
    void vscode.window.showErrorMessage('DeepDrill could not find its examples: the extension may be damaged. Reinstall it and try again.');
    return undefined;
  }
  const examples = await Promise.all(files.map(async (f) => exampleInfo(f, await readFile(join(dir, f), 'utf8'))));
  let file = given && examples.some((e) => e.file === given) ? given : undefined;
  if (!file) {
    const pick = await vscode.window.showQuickPick(
      examples.map((e) => ({ label: e.file, detail: e.summary, file: e.file })),
      { title: 'New Model File from Example', placeHolder: 'Pick an example to copy into your folder', matchOnDetail: true },
    );
    if (!pick) return undefined;
    file = pick.file;
  }
  const text = await readFile(join(dir, file), 'utf8');

  const folder = targetFolder();
  let target: vscode.Uri | undefined;
  if (folder) {
    target = vscode.Uri.joinPath(folder, freeFileName(file, (name) => existsSync(join(folder.fsPath, name))));
  } else {
    target = await vscode.window.showSaveDialog({ title: 'Save the example as', defaultUri: vscode.Uri.file(join(homedir(), file)), filters: { 'Model file': [file.split('.').pop() ?? 'ts'] } });
    if (!target) return undefined;
  }
  try {
    await writeFile(target.fsPath, text, { encoding: 'utf8', flag: folder ? 'wx' : 'w' });
  } catch (err) {
    log.error(`Could not write ${target.fsPath}: ${String(err)}`);
    void vscode.window.showErrorMessage(`DeepDrill could not write ${target.fsPath}: ${(err as Error).message}. Pick another folder and try again.`);
    return undefined;
  }
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
  return target;
}

/** The folder of the active file's workspace, else the first workspace folder. */
function targetFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri : undefined;
}
