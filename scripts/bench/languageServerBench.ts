// `npm run bench` part: how long after the last keystroke the language server's diagnostics
// arrive, on a 500-line model file. Starts the real dist/server.js over stdio, then alternates
// an edit that breaks a layer and one that fixes it, timing each from the change notification
// (what the editor sends when typing stops) to the diagnostics that reflect it. The goal is
// 300 ms. Prints one JSON line: {"lines":…,"median_ms":…,"p90_ms":…,"max_ms":…,"runs":…}.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = join(__dirname, '..', '..');
const RUNS = 20;

/** A 500-line file of tfjs code: the seed CNN, then sequential and functional models and helpers. */
function modelFile(broken: boolean): string {
  const lines = [
    "import * as tf from '@tensorflow/tfjs';",
    "import { mnist } from 'deepdrill';",
    '',
    'const { xTrain, yTrain } = await mnist({ trainSize: 1000 });',
    'const model = tf.sequential();',
    "model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));",
    'model.add(tf.layers.maxPooling2d({ poolSize: 2 }));',
    'model.add(tf.layers.flatten());',
    broken ? 'model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));' : "model.add(tf.layers.dense({ units: 64, activation: 'relu' }));",
    "model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));",
    "model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });",
    '',
  ];
  for (let i = 0; lines.length < 470; i++) {
    lines.push(
      `// Variant ${i}: a small classifier with a hidden size of ${16 + i}.`,
      `export function createModel${i}(): tf.Sequential {`,
      `  const hidden = ${16 + i};`,
      '  const m = tf.sequential();',
      "  m.add(tf.layers.dense({ inputShape: [784], units: hidden, activation: 'relu' }));",
      '  m.add(tf.layers.dropout({ rate: 0.1 }));',
      "  m.add(tf.layers.dense({ units: hidden, activation: 'relu' }));",
      "  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));",
      "  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });",
      '  return m;',
      '}',
      '',
      `export function createBranch${i}(): tf.LayersModel {`,
      '  const input = tf.input({ shape: [16, 16, 3] });',
      "  const a = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;",
      "  const b = tf.layers.conv2d({ filters: 4, kernelSize: 1, padding: 'same' }).apply(input) as tf.SymbolicTensor;",
      '  const x = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;',
      '  const y = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;',
      "  const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(y) as tf.SymbolicTensor;",
      '  return tf.model({ inputs: input, outputs: out });',
      '}',
      '',
    );
  }
  while (lines.length < 498) lines.push(`const note${lines.length} = ${lines.length} * 2; // filler`);
  lines.push('await model.fit(xTrain, yTrain, { epochs: 1 });', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const server = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  let onDiagnostics: ((p: PublishDiagnosticsParams) => void) | undefined;
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => onDiagnostics?.(p));
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { trusted: false, workerPath: '' } });
  await conn.sendNotification(InitializedNotification.type, {});
  const uri = pathToFileURL(join(root, 'bench-model.ts')).href;
  const good = modelFile(false);
  const bad = modelFile(true);

  const next = (want: (p: PublishDiagnosticsParams) => boolean): Promise<void> =>
    new Promise((resolve) => {
      onDiagnostics = (p) => {
        if (p.uri === uri && want(p)) resolve();
      };
    });
  let opened = next(() => true);
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: good } });
  await opened;

  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const broken = run % 2 === 0;
    const version = run + 2;
    const arrived = next((p) => p.version === version && (p.diagnostics.length > 0) === broken);
    const t0 = performance.now();
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: broken ? bad : good }] });
    await arrived;
    times.push(performance.now() - t0);
  }
  await conn.sendRequest(ShutdownRequest.type);
  await conn.sendNotification(ExitNotification.type);
  conn.dispose();
  server.kill();

  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  console.log(JSON.stringify({ lines: good.split('\n').length, median_ms: at(0.5), p90_ms: at(0.9), max_ms: Math.round(sorted.at(-1)!), runs: RUNS }));
}

void main();
