// DeepDrill's settings, read when they are needed so that a change applies to the next run.
import * as vscode from 'vscode';
import { DEFAULT_HISTORY_SIZE } from '../shared/runHistory';
import { BACKEND_CHOICES, type BackendChoice } from '../shared/workerProtocol';

export interface TrainSettings {
  backend: BackendChoice;
  /** Replaces the epochs of every fit when set. */
  epochs?: number;
}

export function trainSettings(scope?: vscode.Uri): TrainSettings {
  const config = vscode.workspace.getConfiguration('deepdrill', scope);
  const backend = config.get<string>('backend', 'auto');
  const epochs = config.get<number | null>('defaultEpochs', null);
  return {
    backend: (BACKEND_CHOICES as readonly string[]).includes(backend) ? (backend as BackendChoice) : 'auto',
    epochs: typeof epochs === 'number' && Number.isInteger(epochs) && epochs > 0 ? epochs : undefined,
  };
}

export function historySize(): number {
  const size = vscode.workspace.getConfiguration('deepdrill').get<number>('historySize', DEFAULT_HISTORY_SIZE);
  return Number.isFinite(size) ? Math.min(200, Math.max(1, Math.round(size))) : DEFAULT_HISTORY_SIZE;
}
