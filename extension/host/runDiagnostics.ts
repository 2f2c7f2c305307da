// A failed run also appears where learners look for mistakes: as a diagnostic at the offending
// line (Problems view, squiggle, and inline with Error Lens-style extensions). The next run of
// the file clears it, whatever its outcome.
import * as vscode from 'vscode';
import type { RunRecord } from '../shared/runModel';
import type { TrainingSession } from './session';

export function runDiagnostics(session: TrainingSession): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('DeepDrill');
  // Trained file → where its last failure was reported (a helper file it imports, possibly).
  const reportedAt = new Map<string, vscode.Uri>();
  const clear = (run: RunRecord) => {
    const uri = reportedAt.get(run.file);
    if (uri) collection.delete(uri);
    reportedAt.delete(run.file);
  };
  return vscode.Disposable.from(
    collection,
    session.onDidStartRun(clear),
    session.onDidEndRun((run) => {
      if (run.status.kind !== 'failed' || run.status.error.line === undefined) return;
      const error = run.status.error;
      const line = (error.line ?? 1) - 1;
      // From the column to the end of the line: the worker knows the line well, the extent less so.
      const range = new vscode.Range(line, Math.max(0, (error.column ?? 1) - 1), line, Number.MAX_SAFE_INTEGER);
      const diagnostic = new vscode.Diagnostic(range, error.hint ? `${error.message}\n${error.hint}` : error.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'DeepDrill';
      const uri = vscode.Uri.file(error.file ?? run.file);
      reportedAt.set(run.file, uri);
      collection.set(uri, [diagnostic]);
    }),
  );
}
