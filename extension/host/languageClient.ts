// The client of DeepDrill's language server (dist/server.js): started on the first TS/JS
// document that imports tfjs, not at activation; stopped and started again when the
// `deepdrill.languageServer.enabled` setting changes. A server that dies is reported once and
// left stopped (no restart loop); the user can reload the window to try again.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ARCHITECTURE_COMMAND, TRAIN_COMMAND, TrustNotification, type ServerOptions as DeepDrillServerOptions } from '../shared/lspProtocol';
import type { Ctx } from './ctx';
import { MODEL_LANGUAGES } from './modelFiles';

const IMPORTS_TFJS = /(?:from\s*|require\s*\(\s*|import\s*\(\s*)['"]@tensorflow\/tfjs/;

type State =
  | { kind: 'idle' }
  | { kind: 'running'; client: LanguageClient }
  | { kind: 'crashed' }
  | { kind: 'disabled' };

export function languageServerEnabled(): boolean {
  return vscode.workspace.getConfiguration('deepdrill').get<boolean>('languageServer.enabled', true);
}

function usesTfjs(doc: vscode.TextDocument): boolean {
  return MODEL_LANGUAGES.includes(doc.languageId) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && IMPORTS_TFJS.test(doc.getText());
}

/** The server's CodeLens arguments are URI strings; DeepDrill's commands take a vscode.Uri. */
function uriArguments(command: vscode.Command | undefined): void {
  if (!command?.arguments || (command.command !== TRAIN_COMMAND && command.command !== ARCHITECTURE_COMMAND)) return;
  command.arguments = command.arguments.map((a: unknown) => (typeof a === 'string' ? vscode.Uri.parse(a) : a));
}

export class DeepDrillLanguageClient implements vscode.Disposable {
  private state: State;
  private readonly disposables: vscode.Disposable[] = [];
  private architectureCommand: boolean | undefined;

  constructor(private readonly ctx: Ctx) {
    this.state = languageServerEnabled() ? { kind: 'idle' } : { kind: 'disabled' };
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.maybeStart(doc)),
      // Only an edit that brings in tfjs can make a file start the server.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.some((c) => c.text.includes('tfjs'))) this.maybeStart(e.document);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.state.kind === 'running') {
          this.state.client.sendNotification(TrustNotification.type, { trusted: true }).catch((err: unknown) => this.ctx.log.warn(`Could not tell the language server about trust: ${String(err)}`));
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('deepdrill.languageServer.enabled')) void this.applySetting();
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.maybeStart(doc);
  }

  private maybeStart(doc: vscode.TextDocument): void {
    if (this.state.kind !== 'idle' || !usesTfjs(doc)) return;
    this.start();
  }

  private async applySetting(): Promise<void> {
    if (!languageServerEnabled()) {
      const running = this.state.kind === 'running' ? this.state.client : undefined;
      this.state = { kind: 'disabled' };
      await running?.stop().catch((err: unknown) => this.ctx.log.warn(`Stopping the language server: ${String(err)}`));
      return;
    }
    if (this.state.kind === 'disabled') {
      this.state = { kind: 'idle' };
      for (const doc of vscode.workspace.textDocuments) this.maybeStart(doc);
    }
  }

  private start(): void {
    const module = this.ctx.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const initializationOptions: DeepDrillServerOptions = {
      trusted: vscode.workspace.isTrusted,
      workerPath: this.ctx.extension.asAbsolutePath('dist/worker.js'),
    };
    let reported = false;
    const clientOptions: LanguageClientOptions = {
      documentSelector: MODEL_LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      initializationOptions,
      outputChannel: this.ctx.log,
      // Problems reach the log; the user hears once that the server stopped, not at every hover.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue, handled: true }),
        closed: () => {
          if (!reported && this.state.kind === 'running') {
            reported = true;
            this.state = { kind: 'crashed' };
            this.ctx.log.error('The DeepDrill language server stopped unexpectedly; it stays off until the window is reloaded.');
            void vscode.window
              .showWarningMessage('DeepDrill: the model checker (language server) stopped. Hovers, model checks and CodeLenses are off until you reload the window.', 'Show Log', 'Reload Window')
              .then((choice) => {
                if (choice === 'Show Log') this.ctx.log.show();
                if (choice === 'Reload Window') void vscode.commands.executeCommand('workbench.action.reloadWindow');
              });
          }
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        provideCodeLenses: async (doc, token, next) => {
          const lenses = (await next(doc, token)) ?? [];
          const architecture = await this.hasArchitectureCommand();
          return lenses.filter((lens) => {
            uriArguments(lens.command);
            return architecture || lens.command?.command !== ARCHITECTURE_COMMAND;
          });
        },
      },
    };
    const client = new LanguageClient('deepdrill', 'DeepDrill Language Server', serverOptions, clientOptions);
    this.state = { kind: 'running', client };
    this.ctx.log.info('Starting the DeepDrill language server');
    client.start().catch((err: unknown) => {
      this.ctx.log.error(`The DeepDrill language server did not start: ${err instanceof Error ? err.message : String(err)}`);
      if (this.state.kind === 'running' && this.state.client === client) this.state = { kind: 'crashed' };
    });
  }

  /** Whether the architecture diagram's command exists (the CodeLens is hidden without it). */
  private async hasArchitectureCommand(): Promise<boolean> {
    this.architectureCommand ??= (await vscode.commands.getCommands(true)).includes(ARCHITECTURE_COMMAND);
    return this.architectureCommand;
  }

  /** Stops the server; awaited by deactivate(). */
  async stop(): Promise<void> {
    const running = this.state.kind === 'running' ? this.state.client : undefined;
    this.state = { kind: 'disabled' };
    await running?.stop().catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
