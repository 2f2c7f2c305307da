// The TS server plugin, run as VS Code runs it: a real tsserver child process started with
// `--globalPlugins deepdrill-tsserver-plugin --pluginProbeLocations <extension folder>` (what
// VS Code passes for `contributes.typescriptServerPlugins`), so these tests also prove tsserver
// finds the plugin by that name in the extension's node_modules. The learner's folders are temp
// folders without node_modules or tsconfig, like a learner's own folder.
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

interface Diagnostic {
  code: number;
  text: string;
  start: { line: number; offset: number };
}

interface Response {
  request_seq: number;
  success: boolean;
  message?: string;
  body?: unknown;
}

/** A tsserver speaking its stdio protocol: one JSON request a line, Content-Length framed replies. */
class TsServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, (response: Response) => void>();
  private seq = 0;
  private buffer = Buffer.alloc(0);
  /** The server's log, shown when a test fails: it says whether and from where the plugin loaded. */
  readonly logFile: string;

  constructor(logDir: string) {
    this.logFile = join(logDir, 'tsserver.log');
    this.child = spawn(
      process.execPath,
      [
        require.resolve('typescript/lib/tsserver.js'),
        '--globalPlugins',
        'deepdrill-tsserver-plugin',
        '--pluginProbeLocations',
        root,
        '--disableAutomaticTypingAcquisition',
        '--logVerbosity',
        'normal',
        '--logFile',
        this.logFile,
      ],
      { stdio: 'pipe' },
    );
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const header = this.buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, header).toString())?.[1]);
      if (this.buffer.length < header + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(header + 4, header + 4 + length).toString()) as { type: string } & Response;
      this.buffer = this.buffer.subarray(header + 4 + length);
      if (message.type === 'response') this.pending.get(message.request_seq)?.(message);
    }
  }

  request<T>(command: string, args: object): Promise<T> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, (response) => {
        this.pending.delete(seq);
        if (response.success) resolve(response.body as T);
        else reject(new Error(`${command}: ${response.message}`));
      });
      this.child.stdin.write(`${JSON.stringify({ seq, type: 'request', command, arguments: args })}\n`);
    });
  }

  async open(file: string, projectRootPath: string): Promise<void> {
    // `open` has no reply; the next request is answered after it is processed.
    this.child.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command: 'open', arguments: { file, projectRootPath } })}\n`);
  }

  diagnostics(file: string): Promise<Diagnostic[]> {
    return this.request('semanticDiagnosticsSync', { file });
  }

  /** The hover text at the first occurrence of `text` in the file's `source`. */
  async hover(file: string, source: string, text: string): Promise<string> {
    const index = source.indexOf(text);
    assert.ok(index >= 0, `'${text}' is not in the file`);
    const before = source.slice(0, index).split('\n');
    const body = await this.request<{ displayString: string }>('quickinfo', { file, line: before.length, offset: before[before.length - 1]!.length + 1 });
    return body.displayString;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.write(`${JSON.stringify({ seq: ++this.seq, type: 'request', command: 'exit' })}\n`);
    await exited;
  }
}

const MODEL_TS = `import * as tf from '@tensorflow/tfjs';
import * as tfn from '@tensorflow/tfjs-node';
import { mnist } from 'deepdrill';

const { xTrain, yTrain } = await mnist({ trainSize: 100, flatten: true });
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' }));
model.add(tfn.layers.dense({ units: '10' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
await model.fit(xTrain, yTrain, { epochs: 1 });
export {};
`;

const MODEL_JS = `// @ts-check
import * as tf from '@tensorflow/tfjs';
import { xor } from 'deepdrill';

const data = xor();
const model = tf.sequential();
model.add(tf.layers.dense({ units: '4' }));
`;

describe('TS server plugin: DeepDrill imports in a learner folder', () => {
  let dir: string;
  let server: TsServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deepdrill-learner-'));
    server = new TsServer(dir);
    // What VS Code gives a folder without tsconfig/jsconfig (its "inferred project" defaults).
    await server.request('compilerOptionsForInferredProjects', {
      options: { module: 'ESNext', moduleResolution: 'Node', target: 'ES2020', jsx: 'React', allowJs: true, allowSyntheticDefaultImports: true, allowNonTsExtensions: true, resolveJsonModule: true },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const failed = (diagnostics: Diagnostic[]) => `${JSON.stringify(diagnostics, null, 1)}\n(TS server log: see ${server.logFile})`;

  it("resolves '@tensorflow/tfjs', '@tensorflow/tfjs-node' and 'deepdrill' in a .ts file with no node_modules, with real types", async () => {
    const file = join(dir, 'model.ts');
    writeFileSync(file, MODEL_TS);
    await server.open(file, dir);
    const diagnostics = await server.diagnostics(file);

    assert.deepEqual(diagnostics.filter((d) => d.code === 2307), [], failed(diagnostics));
    // The types are tfjs's own: a string where `units` wants a number is an error, on that line only.
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.start.line]),
      [[2322, 8]],
      failed(diagnostics),
    );
    assert.match(await server.hover(file, MODEL_TS, 'sequential'), /sequential\(config\?: (tf\.)?SequentialArgs\): (tf\.)?Sequential/);
    assert.match(await server.hover(file, MODEL_TS, 'mnist('), /mnist\(options\?: MnistOptions\): Promise<Dataset>/);
    assert.match(await server.hover(file, MODEL_TS, 'xTrain'), /xTrain: tf\.Tensor|xTrain: Tensor/);
  });

  it('resolves them in a .js file too (types for completions; errors under // @ts-check)', async () => {
    const file = join(dir, 'model.js');
    writeFileSync(file, MODEL_JS);
    await server.open(file, dir);
    const diagnostics = await server.diagnostics(file);

    assert.deepEqual(diagnostics.filter((d) => d.code === 2307), [], failed(diagnostics));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.start.line]), [[2322, 7]], failed(diagnostics));
    assert.match(await server.hover(file, MODEL_JS, 'xor'), /xor\(options\?: XorOptions\): Promise<Dataset>/);
  });

  it('leaves other imports alone: an unknown package is still "Cannot find module"', async () => {
    const file = join(dir, 'other.ts');
    const source = `import { thing } from 'no-such-package';\nexport const x = thing;\n`;
    writeFileSync(file, source);
    await server.open(file, dir);
    const diagnostics = await server.diagnostics(file);
    assert.deepEqual(diagnostics.map((d) => d.code), [2307], failed(diagnostics));
  });

  it('keeps a folder\'s own node_modules/@tensorflow/tfjs when it has one', async () => {
    const own = join(dir, 'own');
    const pkg = join(own, 'node_modules', '@tensorflow', 'tfjs');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs', version: '0.0.0', types: 'index.d.ts' }));
    writeFileSync(join(pkg, 'index.d.ts'), 'export declare const ownCopy: number;\n');
    const file = join(own, 'model.ts');
    const source = `import * as tf from '@tensorflow/tfjs';\nexport const a: number = tf.ownCopy;\nexport const b = tf.sequential();\n`;
    writeFileSync(file, source);
    await server.open(file, own);
    const diagnostics = await server.diagnostics(file);
    // ownCopy exists only in the folder's copy, and that copy has no `sequential` (2339).
    assert.deepEqual(diagnostics.map((d) => [d.code, d.start.line]), [[2339, 3]], failed(diagnostics));
  });
});
