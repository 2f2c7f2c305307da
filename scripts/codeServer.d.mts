// Types of codeServer.mjs, for the TypeScript tests that import it.
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export const repoRoot: string;
export const extensionFolderName: string;
export const seededSettings: Record<string, unknown>;
export function cacheRoot(): string;
export function ensureCodeServer(options?: { log?: (message: string) => void }): string;
export function freePort(): Promise<number>;
export function makeExtensionsDir(dir: string, extra?: Record<string, string>): string;
export function tempDir(prefix: string): string;

export interface LaunchOptions {
  port?: number;
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  workspaceTrust?: boolean;
  onOutput?: (line: string) => void;
  timeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** The last lines code-server printed. */
  output: string[];
  dispose(): Promise<void>;
}

export function launchCodeServer(options: LaunchOptions): Promise<CodeServer>;
