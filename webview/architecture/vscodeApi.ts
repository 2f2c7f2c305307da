// The handle VS Code gives a webview script, typed for the architecture panel.
import type { ArchitectureToHost } from '../../extension/shared/architectureProtocol';

/** What the panel keeps across hide/show and window reloads (the serializer reads `file`). */
export interface ArchitecturePanelState {
  file?: string;
  /** Nested models drawn as one node, by diagram node id. */
  collapsed: string[];
}

export interface VsCodeApi {
  postMessage(message: ArchitectureToHost): void;
  getState(): ArchitecturePanelState | undefined;
  setState(state: ArchitecturePanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
