// The handle VS Code gives a webview script, typed for the metrics panel.
import type { MetricsToHost } from '../../extension/shared/metricsProtocol';

/** What the panel keeps across hide/show and window reloads (the serializer reads `file`). */
export interface PanelState {
  file?: string;
  smoothing: number;
  showEarlier: boolean;
}

export interface VsCodeApi {
  postMessage(message: MetricsToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
