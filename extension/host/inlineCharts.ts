// The run beside the code: a loss sparkline and the final metrics after each line that
// trained, a hover with the full chart, and a CodeLens with the last run's metrics. The lines
// come from the run (as they were when it started) and follow the user's edits; when a file
// is reopened they are found again by their text. What is drawn is decided in
// shared/inlineRuns.ts and shared/sparkline.ts; this file only maps it onto the editor.
import * as vscode from 'vscode';
import {
  chartLines,
  fitLines,
  inlineText,
  lensText,
  lossValues,
  matchingFits,
  metricsInOrder,
  metricsSummary,
  finalLogs,
  plannedEpochs,
  previousRun,
  relativeTime,
  runFacts,
  runToShow,
  type FitLine,
} from '../shared/inlineRuns';
import { mapLineThrough, relocateLine, type LineEdit } from '../shared/lineTracking';
import type { RunRecord } from '../shared/runModel';
import type { Logs } from '../shared/workerProtocol';
import { lossChartSvg, PALETTES, sparklineSvg, type ThemeKind } from '../shared/sparkline';
import type { Ctx } from './ctx';
import { MODEL_LANGUAGES } from './modelFiles';

/** Decorations are redrawn at most this often while a run streams. */
const LIVE_REFRESH_MS = 250;
/** CodeLenses are asked for again at most this often while a run streams (they flicker). */
const LENS_REFRESH_MS = 1000;
/** "2 min ago" is kept current by asking for the lenses again this often. */
const LENS_CLOCK_MS = 60_000;
/** Edits remembered per run while its fit lines may still arrive; beyond, lines are found by text. */
const MAX_EDIT_LOG = 5000;
/** Runs whose fit-line texts are kept in the workspace state (to find the lines after a reopen). */
const MAX_STORED_RUNS = 200;
const LINE_TEXTS_KEY = 'deepdrill.inlineCharts.lineTexts';
const HOVER_WIDTH = 360;
const HOVER_HEIGHT = 110;
/** The only commands the hover's Markdown may run. */
const HOVER_COMMANDS = ['deepdrill.showMetrics', 'deepdrill.train'];
export const ARCHITECTURE_COMMAND = 'deepdrill.showArchitecture';

const SELECTOR: vscode.DocumentSelector = MODEL_LANGUAGES.map((language) => ({
  scheme: 'file',
  language,
}));

/** Where a run's fit lines are in an open document. */
interface RunAnchors {
  /** Source line (0-based, as trained) → line in the document now; null once deleted. */
  lineOf: Map<number, number | null>;
  /** Source line → the trimmed text of the line, to find it again. */
  texts: Map<number, string>;
  /** Edits since the run started, while fit lines of it may still arrive. */
  edits?: LineEdit[];
  /** Deleted lines, by source line: where they were and their text, so that Undo brings them back. */
  ghosts: Map<number, { at: number; text: string }>;
}

/** A decorated line: the run, the fits trained at that line, and where the line is now. */
interface Placed {
  run: RunRecord;
  group: FitLine;
  line: number;
}

type LineTexts = Record<string, Record<string, string>>;

export function inlineChartsEnabled(): boolean {
  return vscode.workspace.getConfiguration('deepdrill').get<boolean>('inlineCharts.enabled', true);
}

function themeKind(): ThemeKind {
  const kind = vscode.window.activeColorTheme.kind;
  return kind === vscode.ColorThemeKind.Light || kind === vscode.ColorThemeKind.HighContrastLight ? 'light' : 'dark';
}

function svgUri(svg: string): vscode.Uri {
  return vscode.Uri.parse(svgDataUri(svg));
}

function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** Escapes Markdown's syntax (appendText would also turn every space into a no-break space). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function toLineEdit(doc: vscode.TextDocument, change: vscode.TextDocumentContentChangeEvent): LineEdit {
  const { start, end } = change.range;
  // The text before the change on its first line is unchanged by it, so the document after
  // the change still has it.
  const head = start.line < doc.lineCount ? doc.lineAt(start.line).text.slice(0, start.character) : '';
  return {
    startLine: start.line,
    startCharacter: start.character,
    endLine: end.line,
    endCharacter: end.character,
    text: change.text,
    headBlank: head.trim() === '',
  };
}

/** The line within a few of `around` whose text is `text`, nearest first. */
function nearbyLine(doc: vscode.TextDocument, around: number, text: string): number | undefined {
  for (let d = 0; d <= 3; d++) {
    for (const i of d === 0 ? [around] : [around - d, around + d]) {
      if (i >= 0 && i < doc.lineCount && doc.lineAt(i).text.trim() === text) return i;
    }
  }
  return undefined;
}

export class InlineCharts implements vscode.Disposable {
  // Two types for the whole extension: each line's image and text are per-decoration options,
  // whose styles VS Code drops as soon as no decoration uses them.
  private readonly sparkType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly textType = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 0.6em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** By file (fsPath), then run id. */
  private readonly anchors = new Map<string, Map<string, RunAnchors>>();
  /** The text of a running run's file when it started, until the run ends. */
  private readonly sources = new Map<string, string[]>();
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private pendingRender: NodeJS.Timeout | undefined;
  private pendingLens: NodeJS.Timeout | undefined;
  private architectureCommand: boolean | undefined;

  constructor(private readonly ctx: Ctx) {
    const session = ctx.session;
    this.disposables.push(
      this.sparkType,
      this.textType,
      this.lensEmitter,
      session.onDidStartRun((run) => this.runStarted(run)),
      session.onDidChangeRun((run) => (run.status.kind === 'running' ? this.scheduleLive() : this.refresh())),
      session.onDidEndRun((run) => this.runEnded(run)),
      vscode.workspace.onDidChangeTextDocument((e) => this.documentChanged(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.documentClosed(doc)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.window.onDidChangeActiveColorTheme(() => this.renderAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('deepdrill.inlineCharts')) this.refresh();
      }),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
      vscode.languages.registerCodeLensProvider(SELECTOR, {
        onDidChangeCodeLenses: this.lensEmitter.event,
        provideCodeLenses: (doc) => this.codeLenses(doc),
      }),
    );
    const clock = setInterval(() => {
      if (this.anchors.size > 0) this.lensEmitter.fire();
    }, LENS_CLOCK_MS);
    this.disposables.push({ dispose: () => clearInterval(clock) });
    // Earlier runs are on disk: read them once, then draw the files already open.
    void ctx.history.load().then(() => this.refresh());
  }

  // ---- runs -------------------------------------------------------------------------------

  private runStarted(run: RunRecord): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === run.file);
    if (!doc) return;
    // The session trains this text as it is now; fit lines arrive later and are mapped through the edits since.
    const lines: string[] = [];
    for (let i = 0; i < doc.lineCount; i++) lines.push(doc.lineAt(i).text);
    this.sources.set(run.id, lines);
    this.anchorsOf(run.file).set(run.id, { lineOf: new Map(), texts: new Map(), edits: [], ghosts: new Map() });
  }

  private runEnded(run: RunRecord): void {
    const source = this.sources.get(run.id);
    this.sources.delete(run.id);
    const anchors = this.anchors.get(run.file)?.get(run.id);
    if (anchors) anchors.edits = undefined;
    if (source) {
      const texts: Record<string, string> = {};
      for (const group of fitLines(run)) {
        const text = anchors?.texts.get(group.line) ?? source[group.line]?.trim();
        if (text !== undefined) texts[group.line] = text;
      }
      void this.storeLineTexts(run.id, texts);
    }
    this.forgetOldAnchors(run.file);
    this.refresh();
  }

  /** Runs of a file, newest first: the session's own (most recent state) before the saved ones. */
  private runsOf(file: string): RunRecord[] {
    const saved = this.ctx.history.runs(file);
    const current = this.ctx.session.currentRun;
    if (!current || current.file !== file) return [...saved];
    return [current, ...saved.filter((r) => r.id !== current.id)];
  }

  private anchorsOf(file: string): Map<string, RunAnchors> {
    let byRun = this.anchors.get(file);
    if (!byRun) this.anchors.set(file, (byRun = new Map()));
    return byRun;
  }

  /** Keeps the anchors of the runs that can still be shown: the newest shown one and a running one. */
  private forgetOldAnchors(file: string): void {
    const byRun = this.anchors.get(file);
    if (!byRun) return;
    const runs = this.runsOf(file);
    const keep = new Set([runToShow(runs)?.id, ...runs.filter((r) => r.status.kind === 'running').map((r) => r.id)]);
    for (const id of [...byRun.keys()]) if (!keep.has(id)) byRun.delete(id);
  }

  private lineTexts(): LineTexts {
    const stored = this.ctx.extension.workspaceState.get<unknown>(LINE_TEXTS_KEY);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as LineTexts) : {};
  }

  private async storeLineTexts(runId: string, texts: Record<string, string>): Promise<void> {
    const all = { ...this.lineTexts(), [runId]: texts };
    const ids = Object.keys(all);
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_STORED_RUNS))) delete all[id];
    await this.ctx.extension.workspaceState.update(LINE_TEXTS_KEY, all);
  }

  // ---- lines ------------------------------------------------------------------------------

  /** Where a run's source line is in the document now, or undefined when it is gone. */
  private lineNow(doc: vscode.TextDocument, run: RunRecord, sourceLine: number): number | undefined {
    const anchors = this.anchorsOf(run.file);
    let a = anchors.get(run.id);
    if (!a) anchors.set(run.id, (a = { lineOf: new Map(), texts: new Map(), ghosts: new Map() }));
    const known = a.lineOf.get(sourceLine);
    if (known !== undefined) return known ?? undefined;
    let line: number | undefined;
    const source = this.sources.get(run.id);
    if (a.edits && source) {
      line = mapLineThrough(sourceLine, a.edits);
      const text = source[sourceLine]?.trim();
      if (line !== undefined && text !== undefined) line = nearbyLine(doc, line, text) ?? line;
      if (text !== undefined) a.texts.set(sourceLine, text);
    } else {
      const text = source?.[sourceLine]?.trim() ?? this.lineTexts()[run.id]?.[sourceLine];
      const lines: string[] = [];
      for (let i = 0; i < doc.lineCount; i++) lines.push(doc.lineAt(i).text);
      line = relocateLine(lines, sourceLine, text);
      if (line !== undefined) a.texts.set(sourceLine, lines[line].trim());
    }
    if (line !== undefined && line >= doc.lineCount) line = undefined;
    a.lineOf.set(sourceLine, line ?? null);
    return line;
  }

  private documentChanged(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0 || e.document.uri.scheme !== 'file') return;
    const byRun = this.anchors.get(e.document.uri.fsPath);
    if (!byRun) return;
    const doc = e.document;
    const edits = e.contentChanges.map((c) => toLineEdit(doc, c));
    for (const a of byRun.values()) {
      if (a.edits) {
        if (a.edits.length + edits.length > MAX_EDIT_LOG) a.edits = undefined;
        else a.edits.push(...edits);
      }
      const deleted: [number, { at: number; text: string }][] = [];
      for (const [source, line] of a.lineOf) {
        if (line === null) continue;
        let now = mapLineThrough(line, edits) ?? null;
        const text = a.texts.get(source);
        const current = now !== null && now < doc.lineCount ? doc.lineAt(now).text.trim() : undefined;
        if (now !== null && text !== undefined && current !== text) {
          // Moves that VS Code sends as one replacement (Alt+Up/Down, paste over) keep the
          // text but not the position: look for it close by. An edit of the line itself
          // keeps the line, unless nothing is left of it.
          const near = nearbyLine(doc, now, text);
          now = near ?? (current ? now : null);
        }
        if (now !== null) a.texts.set(source, doc.lineAt(now).text.trim());
        else if (text !== undefined) deleted.push([source, { at: Math.min(line, doc.lineCount - 1), text }]);
        a.lineOf.set(source, now);
      }
      for (const [source, ghost] of a.ghosts) {
        const at = Math.min(mapLineThrough(ghost.at, edits) ?? ghost.at, doc.lineCount - 1);
        const back = nearbyLine(doc, at, ghost.text);
        if (back === undefined) ghost.at = at;
        else {
          a.ghosts.delete(source);
          a.lineOf.set(source, back);
        }
      }
      for (const [source, ghost] of deleted) a.ghosts.set(source, ghost);
    }
    this.scheduleLive();
  }

  private documentClosed(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    const file = doc.uri.fsPath;
    const byRun = this.anchors.get(file);
    if (!byRun) return;
    // Closed without saving, the text on disk may be older than the lines we followed: find them by text when it opens again.
    for (const [runId, a] of byRun) {
      const texts: Record<string, string> = {};
      for (const [source, text] of a.texts) if (a.lineOf.get(source) !== null) texts[source] = text;
      if (!this.sources.has(runId) && Object.keys(texts).length > 0) void this.storeLineTexts(runId, texts);
    }
    this.anchors.delete(file);
  }

  /** The decorated lines of a document. */
  private placed(doc: vscode.TextDocument): Placed[] {
    if (doc.uri.scheme !== 'file' || !inlineChartsEnabled()) return [];
    const run = runToShow(this.runsOf(doc.uri.fsPath));
    if (!run) return [];
    const out: Placed[] = [];
    const taken = new Set<number>();
    for (const group of fitLines(run)) {
      const line = this.lineNow(doc, run, group.line);
      if (line === undefined || taken.has(line)) continue;
      taken.add(line);
      out.push({ run, group, line });
    }
    return out;
  }

  // ---- decorations ------------------------------------------------------------------------

  private scheduleLive(): void {
    this.pendingRender ??= setTimeout(() => {
      this.pendingRender = undefined;
      this.renderAll();
    }, LIVE_REFRESH_MS);
    this.pendingLens ??= setTimeout(() => {
      this.pendingLens = undefined;
      this.lensEmitter.fire();
    }, LENS_REFRESH_MS);
  }

  /** Redraws now: a run started or ended, or a setting changed. */
  private refresh(): void {
    this.renderAll();
    this.lensEmitter.fire();
  }

  private renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (doc.uri.scheme !== 'file') return;
    const sparks: vscode.DecorationOptions[] = [];
    const texts: vscode.DecorationOptions[] = [];
    for (const { run, group, line } of this.placed(doc)) {
      const end = doc.lineAt(line).range.end;
      const range = new vscode.Range(end, end);
      const values = lossValues(run, group.fits);
      sparks.push({
        range,
        renderOptions: {
          light: { after: { contentIconPath: svgUri(sparklineSvg(values, PALETTES.light)) } },
          dark: { after: { contentIconPath: svgUri(sparklineSvg(values, PALETTES.dark)) } },
        },
      });
      const text = inlineText(run, group);
      if (text) texts.push({ range, renderOptions: { after: { contentText: text } } });
    }
    editor.setDecorations(this.sparkType, sparks);
    editor.setDecorations(this.textType, texts);
  }

  // ---- hover and CodeLens -----------------------------------------------------------------

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const here = this.placed(doc).find((p) => p.line === pos.line);
    if (!here) return undefined;
    const { run, group } = here;
    const runs = this.runsOf(run.file);
    const previous = previousRun(runs, run);
    const prevGroup = previous && matchingFits(previous, run, group);
    const lines = [...chartLines(run, group.fits, false), ...(previous && prevGroup ? chartLines(previous, prevGroup.fits, true) : [])];
    const epochs = plannedEpochs(run, group.fits);
    const svg = lossChartSvg(lines, {
      width: HOVER_WIDTH,
      height: HOVER_HEIGHT,
      palette: PALETTES[themeKind()],
      xLabel: epochs > 0 ? `epoch ${epochs}` : undefined,
    });

    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: HOVER_COMMANDS };
    const fitsLabel = group.fits.length > 1 ? ` · ${group.fits.length} fits` : '';
    md.appendMarkdown(`**DeepDrill** · ${escapeMarkdown(runFacts(run))}${fitsLabel}\n\n`);
    md.appendMarkdown(`![Loss chart](${svgDataUri(svg)})\n\n`);
    const legend = ['training', ...(lines.some((l) => l.role === 'validation') ? ['validation'] : [])].join(' and ');
    const dashed = previous && prevGroup ? `; dashed: the run before (${relativeTime(previous.startedAt, Date.now())})` : '';
    md.appendMarkdown(`Loss of ${legend}${escapeMarkdown(dashed)}\n\n`);

    // One line per run rather than a table: hovers draw tables without spacing.
    const metricsLine = (logs: Logs | undefined) =>
      logs ? metricsInOrder(logs).map(({ name, text }) => `${escapeMarkdown(name)} **${escapeMarkdown(text)}**`).join(' · ') : '';
    const now = metricsLine(finalLogs(run, group.fits));
    if (now) md.appendMarkdown(`Last epoch: ${now}  \n`);
    const before = previous && prevGroup ? metricsLine(finalLogs(previous, prevGroup.fits)) : '';
    if (before) md.appendMarkdown(`Run before: ${before.replace(/\*\*/g, '')}  \n`);
    md.appendMarkdown('\n');
    const target = doc.uri;
    md.appendMarkdown(
      `[$(graph-line) Open metrics panel](${commandUri('deepdrill.showMetrics', [target])} "Show this file's runs") · ` +
        `[$(play) Train again](${commandUri('deepdrill.train', [target])} "Train this file again")`,
    );
    return new vscode.Hover(md, doc.lineAt(here.line).range);
  }

  private async codeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const placed = this.placed(doc);
    if (placed.length === 0) return [];
    const architecture = await this.hasArchitectureCommand();
    const now = Date.now();
    return placed.flatMap(({ run, group, line }) => {
      const range = new vscode.Range(line, 0, line, 0);
      const summary = metricsSummary(finalLogs(run, group.fits));
      const lenses = [
        new vscode.CodeLens(range, {
          title: lensText(run, group, now),
          tooltip: summary ? `Last run: ${summary}. Click to show the metrics panel.` : 'Show the metrics panel',
          command: 'deepdrill.showMetrics',
          arguments: [doc.uri],
        }),
        new vscode.CodeLens(range, { title: '▶ Train', tooltip: 'Train this file again', command: 'deepdrill.train', arguments: [doc.uri] }),
      ];
      if (architecture) {
        lenses.push(new vscode.CodeLens(range, { title: '◈ Architecture', tooltip: 'Show the model architecture', command: ARCHITECTURE_COMMAND, arguments: [doc.uri] }));
      }
      return lenses;
    });
  }

  /**
   * Whether the architecture diagram is available. DeepDrill registers its commands when it
   * activates, so one look suffices; looking on every CodeLens request (once a second while a
   * run streams) would list every command of the window each time.
   */
  private async hasArchitectureCommand(): Promise<boolean> {
    this.architectureCommand ??= (await vscode.commands.getCommands(true)).includes(ARCHITECTURE_COMMAND);
    return this.architectureCommand;
  }

  dispose(): void {
    if (this.pendingRender) clearTimeout(this.pendingRender);
    if (this.pendingLens) clearTimeout(this.pendingLens);
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
