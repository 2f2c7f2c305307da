// The DeepDrill language server (dist/server.js), started by the extension host's language
// client on the first TS/JS file that imports tfjs. It answers hovers, CodeLenses and the
// diagnostics of the static model analysis; in a trusted workspace it also has the worker build
// the model after each open or save, for exact shapes. It must not die on any input: every
// handler is guarded, and what goes wrong is logged for the DeepDrill log, never shown to the user.
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeLens,
  Diagnostic,
  DiagnosticSeverity,
  Hover,
  MarkupKind,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentModels, type ExactSummaryProvider } from './documentModels';
import { describeModel } from '../shared/describeModel';
import { ARCHITECTURE_COMMAND, DIAGNOSTIC_SOURCE, ModelsRequest, TRAIN_COMMAND, TrustNotification, isServerOptions } from '../shared/lspProtocol';
import { layerHoverMarkdown, modelHoverMarkdown, paramsLensTitle } from '../shared/modelHover';
import type { ModelView } from '../shared/modelViews';

/** Diagnostics wait this long after the last keystroke (the goal: shown within 300 ms of it). */
const DIAGNOSTICS_DEBOUNCE_MS = 100;

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let lensRefresh = false;

function logError(what: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  connection.console.error(`DeepDrill language server: error while ${what}: ${detail}`);
}

// A bug (or a stray callback) must not take the server down with the user's hovers.
process.on('uncaughtException', (err) => logError('running', err));
process.on('unhandledRejection', (err) => logError('running (a promise)', err));

let workerPath: string | undefined;
/** The workspace folders' paths: a file's data paths are resolved against its folder. */
let workspaceFolders: string[] = [];

function workspaceRootOf(file: string): string {
  return workspaceFolders.filter((f) => file.startsWith(f + sep)).sort((a, b) => b.length - a.length)[0] ?? dirname(file);
}

/**
 * Exact figures: the worker runs the file up to its first fit (or calls its factory) and
 * describes the model it built. Only called in a trusted workspace (DocumentModels checks).
 */
const exactSummary: ExactSummaryProvider = async (file, source, signal) => {
  if (!workerPath) return undefined;
  const outcome = await describeModel(file, source, { workerPath, signal, workspaceRoot: workspaceRootOf(file) });
  if (outcome.ok) return outcome.summary;
  // The user's own mistakes reach them when they train; here they only cost the exact figures.
  if (outcome.error.kind !== 'stopped') connection.console.info(`DeepDrill: no exact model figures for ${file}: ${outcome.error.message}`);
  return undefined;
};

const models = new DocumentModels(logError, exactSummary, () => {
  // New exact figures: the lenses are asked again (hovers are computed on demand).
  if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch((err: unknown) => logError('refreshing CodeLenses', err));
});

function guard<P, R>(what: string, fallback: R, handler: (params: P) => R): (params: P) => R {
  return (params) => {
    try {
      return handler(params);
    } catch (err) {
      logError(what, err);
      return fallback;
    }
  };
}

connection.onInitialize((params) => {
  const options = params.initializationOptions;
  if (isServerOptions(options)) {
    models.trusted = options.trusted;
    workerPath = options.workerPath;
  }
  lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  workspaceFolders = (params.workspaceFolders ?? []).flatMap((f) => {
    try {
      return [fileURLToPath(f.uri)];
    } catch {
      return [];
    }
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'DeepDrill' },
  };
});

connection.onNotification(
  TrustNotification.type,
  guard('changing trust', undefined, (p: TrustNotification.Params) => {
    models.trusted = p.trusted;
    if (p.trusted) for (const doc of documents.all()) models.scheduleExact(doc);
  }),
);

// ---- diagnostics ---------------------------------------------------------------------------

const pendingDiagnostics = new Map<string, NodeJS.Timeout>();

function publishDiagnostics(doc: TextDocument): void {
  const analysis = models.analysis(doc);
  const diagnostics: Diagnostic[] = analysis.findings.map((f) => ({
    range: { start: doc.positionAt(f.start), end: doc.positionAt(f.end) },
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: f.code,
    message: f.message,
  }));
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
}

function scheduleDiagnostics(doc: TextDocument, delayMs: number): void {
  const previous = pendingDiagnostics.get(doc.uri);
  if (previous) clearTimeout(previous);
  pendingDiagnostics.set(
    doc.uri,
    setTimeout(() => {
      pendingDiagnostics.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) guard('checking a document', undefined, publishDiagnostics)(current);
    }, delayMs),
  );
}

documents.onDidOpen(guard('opening a document', undefined, (e: { document: TextDocument }) => {
  scheduleDiagnostics(e.document, 0);
  models.scheduleExact(e.document);
}));
documents.onDidChangeContent(guard('following an edit', undefined, (e: { document: TextDocument }) => scheduleDiagnostics(e.document, DIAGNOSTICS_DEBOUNCE_MS)));
documents.onDidSave(guard('following a save', undefined, (e: { document: TextDocument }) => models.scheduleExact(e.document)));
documents.onDidClose(
  guard('closing a document', undefined, (e: { document: TextDocument }) => {
    const pending = pendingDiagnostics.get(e.document.uri);
    if (pending) clearTimeout(pending);
    pendingDiagnostics.delete(e.document.uri);
    models.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }),
);

// ---- hover and CodeLens --------------------------------------------------------------------

/** The innermost layer call (or else model call) at an offset. */
function thingAt(views: ModelView[], offset: number): { view: ModelView; layer?: ModelView['layers'][number] } | undefined {
  let best: { view: ModelView; layer?: ModelView['layers'][number]; size: number } | undefined;
  for (const view of views) {
    for (const layer of view.layers) {
      if (offset >= layer.start && offset <= layer.end && (!best || layer.end - layer.start < best.size)) best = { view, layer, size: layer.end - layer.start };
    }
    if (offset >= view.start && offset <= view.end && (!best || view.end - view.start < best.size)) best = { view, size: view.end - view.start };
  }
  return best;
}

connection.onHover(
  guard('hovering', null, (params): Hover | null => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const found = thingAt(models.views(doc), doc.offsetAt(params.position));
    if (!found) return null;
    const { view, layer } = found;
    const value = layer
      ? layerHoverMarkdown({ layer: layer.layer, paramsKnown: layer.paramsKnown, inputShapes: layer.inputShapes }, view.exact)
      : modelHoverMarkdown(view.model, view.paramsKnown, view.exact);
    const start = layer?.start ?? view.start;
    const end = layer?.end ?? view.end;
    // The range is the call's first line, so the hover stays put while the pointer moves along it.
    const from = doc.positionAt(start);
    const to = doc.positionAt(end);
    return { contents: { kind: MarkupKind.Markdown, value }, range: { start: from, end: to.line === from.line ? to : { line: from.line, character: Number.MAX_SAFE_INTEGER } } };
  }),
);

connection.onCodeLens(
  guard('listing CodeLenses', [] as CodeLens[], (params): CodeLens[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return models.views(doc).flatMap((view) => {
      const line = doc.positionAt(view.start).line;
      const range = { start: { line, character: 0 }, end: { line, character: 0 } };
      return [
        { range, command: { title: '▶ Train', command: TRAIN_COMMAND, arguments: [doc.uri] } },
        { range, command: { title: '◈ Architecture', command: ARCHITECTURE_COMMAND, arguments: [doc.uri] } },
        // A lens with no command is plain text.
        { range, command: { title: paramsLensTitle(view.model, view.paramsKnown), command: '' } },
      ];
    });
  }),
);

connection.onRequest(
  ModelsRequest.type,
  guard('listing models', { models: [], exact: false } as ModelsRequest.Result, (p: ModelsRequest.Params): ModelsRequest.Result => {
    const doc = documents.get(p.uri);
    if (!doc) return { models: [], exact: false };
    const views = models.views(doc);
    return { models: views.map((v) => v.model), exact: views.some((v) => v.exact) };
  }),
);

connection.onShutdown(() => {
  models.dispose();
  for (const t of pendingDiagnostics.values()) clearTimeout(t);
});

documents.listen(connection);
connection.listen();
