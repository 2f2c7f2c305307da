// The DeepDrill language server's own messages, beside standard LSP (hover, diagnostics,
// CodeLens). Both sides import this module: the client in the extension host, the server in
// dist/server.js.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { ModelSummary } from './modelSummary';

/** What the client passes in `initialize`'s initializationOptions. */
export interface ServerOptions {
  /** Whether the workspace is trusted: only then may the server build the model in a worker for exact shapes. */
  trusted: boolean;
  /** Absolute path of dist/worker.js, for exact summaries. */
  workerPath: string;
}

export function isServerOptions(x: unknown): x is ServerOptions {
  return typeof x === 'object' && x !== null && typeof (x as ServerOptions).trusted === 'boolean' && typeof (x as ServerOptions).workerPath === 'string';
}

/** client → server: the workspace was trusted (trust is never revoked without a reload). */
export namespace TrustNotification {
  export const method = 'deepdrill/trust' as const;
  export interface Params {
    trusted: boolean;
  }
  export const type = new NotificationType<Params>(method);
}

/** client → server: the models of an open document, as the hovers and CodeLenses see them. */
export namespace ModelsRequest {
  export const method = 'deepdrill/models' as const;
  export interface Params {
    uri: string;
  }
  export interface Result {
    models: ModelSummary[];
    /** Whether the summaries come from the model built in the worker (else from the source alone). */
    exact: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** The diagnostics' `source`. */
export const DIAGNOSTIC_SOURCE = 'DeepDrill';

/** Commands the server's CodeLenses run (registered by the extension host). */
export const TRAIN_COMMAND = 'deepdrill.train';
export const ARCHITECTURE_COMMAND = 'deepdrill.showArchitecture';
