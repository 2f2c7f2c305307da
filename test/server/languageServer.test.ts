// The real language server (dist/server.js) over stdio, driven by the LSP client library: what
// an editor would see for the seed CNN and for a file with a mistake, and that the server stays
// up on input it cannot make sense of.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type Diagnostic,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ModelsRequest } from '../../extension/shared/lspProtocol';

const root = join(__dirname, '..', '..');
const MNIST = join(root, 'examples', 'mnist-cnn.ts');
const mnistUri = pathToFileURL(MNIST).href;
const mnistText = readFileSync(MNIST, 'utf8');

describe('the language server over stdio', () => {
  let server: ChildProcess;
  let conn: ProtocolConnection;
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: (() => void)[] = [];

  /** The next diagnostics published for `uri` that satisfy `ok`. */
  function diagnosticsFor(uri: string, ok: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const last = diagnostics.get(uri)?.at(-1);
        if (last && ok(last.diagnostics)) {
          resolve(last.diagnostics);
          return true;
        }
        return false;
      };
      if (check()) return;
      const waiter = (): void => {
        if (check()) waiters.splice(waiters.indexOf(waiter), 1);
      };
      waiters.push(waiter);
    });
  }

  before(async () => {
    server = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      diagnostics.set(p.uri, [...(diagnostics.get(p.uri) ?? []), p]);
      for (const w of [...waiters]) w();
    });
    conn.listen();
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {},
      initializationOptions: { trusted: false, workerPath: join(root, 'dist', 'worker.js') },
    });
    assert.equal(init.capabilities.hoverProvider, true);
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: mnistUri, languageId: 'typescript', version: 1, text: mnistText } });
  });

  after(async () => {
    await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await conn.sendNotification(ExitNotification.type).catch(() => undefined);
    conn.dispose();
    server.kill();
  });

  it('publishes no diagnostics for the seed CNN', async () => {
    assert.deepEqual(await diagnosticsFor(mnistUri), []);
  });

  it('hovers a layer call with its output shape and parameter count', async () => {
    const line = mnistText.split('\n').findIndex((l) => l.includes('filters: 64'));
    const character = mnistText.split('\n')[line]!.indexOf('conv2d');
    const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri: mnistUri }, position: { line, character } });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /Conv2D/);
    assert.match(value, /\[null, 11, 11, 64\]/);
    assert.match(value, /18,496\*\* params/);
    assert.match(value, /activation `relu`/);
    assert.equal(hover?.range?.start.line, line);
  });

  it('puts Train, Architecture and the parameter total above the model', async () => {
    const lenses = await conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: mnistUri } });
    const modelLine = mnistText.split('\n').findIndex((l) => l.includes('tf.sequential()'));
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [modelLine, '▶ Train', 'deepdrill.train'],
        [modelLine, '◈ Architecture', 'deepdrill.showArchitecture'],
        [modelLine, '34,826 params', ''],
      ],
    );
    assert.deepEqual(lenses?.[0]?.command?.arguments, [mnistUri]);
  });

  it('answers the models request with the static summary', async () => {
    const result = await conn.sendRequest(ModelsRequest.type, { uri: mnistUri });
    assert.equal(result.exact, false);
    assert.equal(result.models.length, 1);
    assert.equal(result.models[0]!.totals.params, 34_826);
    assert.deepEqual(result.models[0]!.layers.map((l) => l.outputShapes[0]), [[null, 26, 26, 32], [null, 13, 13, 32], [null, 11, 11, 64], [null, 5, 5, 64], [null, 1600], [null, 10]]);
  });

  it('shows a shape mistake at its line after an edit, and clears it when fixed', async () => {
    const lines = mnistText.split('\n');
    const flattenLine = lines.findIndex((l) => l.includes('tf.layers.flatten()'));
    // A conv2d after the flatten gets a flat [null, 1600]: tfjs would stop at that line.
    const broken = [...lines];
    broken.splice(flattenLine + 1, 0, "model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3 }));");
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: mnistUri, version: 2 }, contentChanges: [{ text: broken.join('\n') }] });
    const shown = await diagnosticsFor(mnistUri, (d) => d.length > 0);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.equal(shown[0]!.range.start.line, flattenLine + 1);
    assert.equal(shown[0]!.source, 'DeepDrill');
    assert.equal(shown[0]!.code, 'input-rank');
    assert.match(shown[0]!.message, /4-D input.*\[null, 1600\]/);

    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: mnistUri, version: 3 }, contentChanges: [{ text: mnistText }] });
    assert.deepEqual(await diagnosticsFor(mnistUri, (d) => d.length === 0), []);
  });

  it('survives text that is not a model file at all', async () => {
    const uri = pathToFileURL(join(root, 'garbage.ts')).href;
    const junk = "import * as tf from '@tensorflow/tfjs';\n" + '({[(<>)]}'.repeat(2000) + '\ntf.layers.dense({units: -})).apply(apply(';
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text: junk } });
    await diagnosticsFor(uri);
    const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 12 } });
    assert.ok(hover === null || typeof hover === 'object');
    // Still answering for the other file.
    const result = await conn.sendRequest(ModelsRequest.type, { uri: mnistUri });
    assert.equal(result.models.length, 1);
  });
});

describe('the language server in a trusted workspace', () => {
  it('lays the exact summary the worker built over the static one, and asks for the lenses again', async () => {
    const server = spawn(process.execPath, [join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    let refreshed!: () => void;
    const lensRefresh = new Promise<void>((resolve) => (refreshed = resolve));
    conn.onRequest('workspace/codeLens/refresh', () => {
      refreshed();
      return null;
    });
    conn.listen();
    try {
      await conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(join(root, 'examples')).href,
        workspaceFolders: [{ uri: pathToFileURL(join(root, 'examples')).href, name: 'examples' }],
        capabilities: { workspace: { codeLens: { refreshSupport: true } } },
        initializationOptions: { trusted: true, workerPath: join(root, 'dist', 'worker.js') },
      });
      await conn.sendNotification(InitializedNotification.type, {});
      const file = join(root, 'examples', 'xor-mlp.ts');
      const uri = pathToFileURL(file).href;
      const text = readFileSync(file, 'utf8');
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      await lensRefresh;
      const result = await conn.sendRequest(ModelsRequest.type, { uri });
      assert.equal(result.exact, true);
      assert.equal(result.models[0]!.totals.params, 33);
      const line = text.split('\n').findIndex((l) => l.includes("units: 1, activation: 'sigmoid'"));
      const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: text.split('\n')[line]!.indexOf('dense') } });
      const value = (hover?.contents as MarkupContent).value;
      assert.match(value, /\[null, 1\]/);
      assert.match(value, /Exact/);
    } finally {
      await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
      await conn.sendNotification(ExitNotification.type).catch(() => undefined);
      conn.dispose();
      server.kill();
    }
  });
});
