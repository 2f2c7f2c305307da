// Drills seen from inside VS Code, through the extension's API and VS Code's own: a started
// drill has its CodeLens; a wrong answer puts its failed checks in the Problems panel at the
// function they are about; the right one clears them and is scheduled. Runs in the extension
// host, under @vscode/test-electron or in code-server (see index.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';

/** What DeepDrill's activate() returns (the part used here). */
interface DrillsApi {
  drills: {
    start(id: string): Promise<string | undefined>;
    check(id: string): Promise<{ kind: string; report?: { passed: boolean; checks: { name: string; passed: boolean }[] }; review?: { rating: string; text: string } } | undefined>;
  };
}

const GRADE_TIMEOUT_MS = 120_000;

/** Replaces the whole text of the document in its editor (unsaved, as a learner types). */
async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('Drills in the editor', function () {
  this.timeout(GRADE_TIMEOUT_MS);
  let api: DrillsApi;
  let folder: string;
  let root: string;

  before(async () => {
    const ext = vscode.extensions.getExtension<DrillsApi>('deepdrill.deepdrill');
    assert.ok(ext, 'the DeepDrill extension is installed');
    api = await ext.activate();
    root = ext.extensionPath;
    // Attempts go to a folder of the test's own, not into the sample workspace.
    folder = mkdtempSync(join(tmpdir(), 'deepdrill-practice-'));
    await vscode.workspace.getConfiguration('deepdrill.drills').update('practiceFolder', folder, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('deepdrill.drills').update('practiceFolder', undefined, vscode.ConfigurationTarget.Global);
    rmSync(folder, { recursive: true, force: true });
  });

  it('grades the editor’s text: failures become problems at their function, a pass clears them and is scheduled', async () => {
    const file = await api.drills.start('mse');
    assert.equal(file, join(folder, 'mse.ts'));
    const doc = await vscode.workspace.openTextDocument(file!);
    assert.match(doc.getText(), /^\/\/ DeepDrill drill: mse\b/);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /Check/.test(t)) && titles.some((t) => /Hint/.test(t)) && titles.includes('Show Solution'), `lenses: ${titles.join(', ')}`);

    // A wrong answer: the mean absolute error.
    const solution = readFileSync(join(root, 'exercises', 'mse', 'solution.ts'), 'utf8');
    await setText(doc, `// DeepDrill drill: mse — Mean squared error\n${solution.replace('tf.square(', 'tf.abs(')}`);
    const wrong = await api.drills.check('mse');
    assert.equal(wrong?.kind, 'graded');
    assert.equal(wrong?.report?.passed, false);
    assert.equal(wrong?.review, undefined, 'a failed check ends nothing: no review yet');
    const problems = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'DeepDrill check');
    assert.ok(problems.length > 0, 'failed checks are problems');
    const declaration = doc.getText().split('\n').findIndex((l) => l.includes('export function meanSquaredError'));
    assert.ok(problems.every((p) => p.range.start.line === declaration), 'at the function the checks call');
    assert.ok(problems.some((p) => /Hint: /.test(p.message)), 'with their hints');

    await setText(doc, `// DeepDrill drill: mse — Mean squared error\n${solution}`);
    const right = await api.drills.check('mse');
    assert.equal(right?.report?.passed, true);
    assert.equal(right?.review?.rating, 'hard', 'a pass after failed checks rates Hard');
    assert.match(right?.review?.text ?? '', /^next review in /);
    assert.equal(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'DeepDrill check').length, 0);

    // The attempt is rated once: checking it again changes nothing.
    const again = await api.drills.check('mse');
    assert.equal(again?.review, undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
