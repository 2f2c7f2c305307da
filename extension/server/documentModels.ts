// The server's knowledge of each open document: its static analysis (computed once per
// version) and, in a trusted workspace, the exact summary of the model the worker built from it.
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSource, type FileAnalysis } from '../shared/modelAnalysis';
import type { ModelSummary } from '../shared/modelSummary';
import { mergeExact, type ModelView } from '../shared/modelViews';

/** Builds the model of a file for exact figures (in the worker); undefined when it could not. */
export type ExactSummaryProvider = (file: string, source: string, signal: AbortSignal) => Promise<ModelSummary | undefined>;

/** Building the model waits this long after the last save or open, so a burst of saves builds once. */
export const EXACT_DEBOUNCE_MS = 1000;

interface Entry {
  version: number;
  analysis: FileAnalysis;
}

interface Exact {
  /** The document version the worker built; stale (hidden) after any edit. */
  version: number;
  summary: ModelSummary;
}

const EMPTY: FileAnalysis = { usesTfjs: false, models: [], findings: [] };

export class DocumentModels {
  private readonly analyses = new Map<string, Entry>();
  private readonly exact = new Map<string, Exact>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout | undefined; abort: AbortController }>();
  trusted = false;

  constructor(
    private readonly onError: (what: string, err: unknown) => void,
    private readonly exactProvider: ExactSummaryProvider | undefined,
    /** Called when an exact summary arrives, so hovers and lenses are asked again. */
    private readonly onExact: (uri: string) => void,
  ) {}

  analysis(doc: TextDocument): FileAnalysis {
    const known = this.analyses.get(doc.uri);
    if (known && known.version === doc.version) return known.analysis;
    let analysis = EMPTY;
    try {
      analysis = analyzeSource(fileNameOf(doc.uri), doc.getText());
    } catch (err) {
      // A bug of the analysis must not cost the user their editor: log it, show nothing.
      this.onError(`analysing ${doc.uri}`, err);
    }
    this.analyses.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  views(doc: TextDocument): ModelView[] {
    const exact = this.exact.get(doc.uri);
    return mergeExact(this.analysis(doc).models, exact && exact.version === doc.version ? exact.summary : undefined);
  }

  hasExact(doc: TextDocument): boolean {
    return this.exact.get(doc.uri)?.version === doc.version;
  }

  /** The exact builds, one after another (runExact never rejects). */
  private exactChain: Promise<void> = Promise.resolve();

  /** After an open or a save: build the model in the worker, debounced, in trusted workspaces only. */
  scheduleExact(doc: TextDocument): void {
    if (!this.exactProvider || !this.trusted || !doc.uri.startsWith('file:')) return;
    if (this.analysis(doc).models.length === 0) return;
    this.cancel(doc.uri);
    const abort = new AbortController();
    const timer = setTimeout(() => {
      const entry = this.pending.get(doc.uri);
      if (entry) entry.timer = undefined;
      // One worker at a time: opening ten model files must not start ten model builds at once.
      this.exactChain = this.exactChain.then(() => (abort.signal.aborted ? undefined : this.runExact(doc, abort)));
    }, EXACT_DEBOUNCE_MS);
    this.pending.set(doc.uri, { timer, abort });
  }

  private async runExact(doc: TextDocument, abort: AbortController): Promise<void> {
    const version = doc.version;
    try {
      const summary = await this.exactProvider!(fileNameOf(doc.uri), doc.getText(), abort.signal);
      if (abort.signal.aborted || !summary) return;
      this.exact.set(doc.uri, { version, summary });
      this.onExact(doc.uri);
    } catch (err) {
      this.onError(`building the model of ${doc.uri}`, err);
    } finally {
      if (this.pending.get(doc.uri)?.abort === abort) this.pending.delete(doc.uri);
    }
  }

  private cancel(uri: string): void {
    const p = this.pending.get(uri);
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    p.abort.abort();
    this.pending.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.analyses.delete(uri);
    this.exact.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }
}

/** A file path for the parser and the worker (the file need not exist: untitled documents too). */
export function fileNameOf(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}
