// What docs/security.md promises, pinned: every message crossing into the extension host from
// a webview or a child process is checked against its protocol before use (hostile and
// malformed messages are refused), the webviews' CSP allows nothing but their own bundle, and
// the extension host's bundle holds no way to evaluate code.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDrillPanelToHost } from '../../extension/shared/drillPanelProtocol';
import { isGradeRequest, isGraderToParent } from '../../extension/shared/graderProtocol';
import { isMetricsToHost } from '../../extension/shared/metricsProtocol';
import { webviewCsp } from '../../extension/shared/webviewCsp';
import { isHostToWorker, isWorkerToHost } from '../../extension/shared/workerProtocol';

const ROOT = join(__dirname, '..', '..');

/** Values that are not messages at all, or that try to look like one. */
const JUNK: unknown[] = [
  null,
  undefined,
  0,
  'ready',
  ['ready'],
  [],
  {},
  { type: null },
  { type: ['ready'] },
  { type: 'READY' },
  { type: 'ready ' },
  { type: 'constructor' },
  { type: '__proto__' },
  { type: 'toString' },
  // Messages arrive as JSON: a prototype cannot come along, but a key named __proto__ can.
  JSON.parse('{"__proto__": {"type": "ready"}}'),
];

describe('messages from webviews are checked before use', () => {
  it('the metrics panel: only ready, stop and retrain, nothing else', () => {
    for (const m of JUNK) assert.equal(isMetricsToHost(m), false, JSON.stringify(m));
    for (const type of ['ready', 'stop', 'retrain']) assert.equal(isMetricsToHost({ type }), true);
    for (const type of ['train', 'eval', 'openFile', 'command']) assert.equal(isMetricsToHost({ type, command: 'workbench.action.terminal.new' }), false);
  });

  it('the drill panel: only known actions and languages; no path, command or code can ride along', () => {
    for (const m of JUNK) assert.equal(isDrillPanelToHost(m), false, JSON.stringify(m));
    for (const action of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'CHECK', 'check;rm -rf', 'runCommand', 'openFile ', 42, null, ['check']]) {
      assert.equal(isDrillPanelToHost({ type: 'action', action }), false, String(action));
    }
    for (const language of ['../../etc/passwd', 'zh', 'EN', '', null, { toString: () => 'en' }]) {
      assert.equal(isDrillPanelToHost({ type: 'setLanguage', language }), false, String(language));
    }
    assert.equal(isDrillPanelToHost({ type: 'action', action: 'openFile' }), true);
  });
});

describe('messages from child processes are checked before use', () => {
  it('the worker: malformed events and out-of-range numbers are refused', () => {
    for (const m of JUNK) assert.equal(isWorkerToHost(m), false, JSON.stringify(m));
    const bad = [
      { type: 'batch', fit: -1, epoch: 1, batch: 0, step: 1, logs: {} },
      { type: 'batch', fit: 0, epoch: 1, batch: 0, step: 1, logs: { loss: 'NaN' } },
      { type: 'epoch', fit: 1e12, epoch: 1, logs: {}, elapsedMs: 1 },
      { type: 'fitStart', fit: 0, epochs: 1.5, validation: false },
      { type: 'error', error: { kind: 'pwned', message: 'x' } },
      { type: 'error', error: { kind: 'runtime', message: 'x', line: 0 } },
      { type: 'log', level: 'debug', text: 'x' },
      { type: 'end', backend: 'webgl', logs: {}, durationMs: 1 },
    ];
    for (const m of bad) assert.equal(isWorkerToHost(m), false, JSON.stringify(m));
  });

  it('a request to the worker: only train and stop, with a known backend and whole epochs', () => {
    for (const m of JUNK) assert.equal(isHostToWorker(m), false, JSON.stringify(m));
    const train = { type: 'train', file: '/a.ts', source: '', backend: 'cpu' };
    assert.equal(isHostToWorker(train), true);
    for (const extra of [{ backend: 'gpu' }, { epochs: 0 }, { epochs: 2.5 }, { epochs: '3' }, { source: 42 }, { workspaceRoot: {} }]) {
      assert.equal(isHostToWorker({ ...train, ...extra }), false, JSON.stringify(extra));
    }
  });

  it('the grader: indices must be whole and not negative, results well-formed, limits positive', () => {
    for (const m of JUNK) assert.equal(isGraderToParent(m), false, JSON.stringify(m));
    const result = { name: 'c', passed: false, message: 'm', durationMs: 1 };
    assert.equal(isGraderToParent({ type: 'checkEnd', submission: 0, check: 0, result }), true);
    for (const [submission, check] of [[-1, 0], [0, NaN], [0.5, 0], [1e12, 0], ['0', 0]]) {
      assert.equal(isGraderToParent({ type: 'checkEnd', submission, check, result }), false, `${submission}, ${check}`);
      assert.equal(isGraderToParent({ type: 'checkStart', submission, check, timeLimitMs: 5000 }), false, `${submission}, ${check}`);
    }
    for (const timeLimitMs of [0, -1, NaN, Infinity]) assert.equal(isGraderToParent({ type: 'checkStart', submission: 0, check: 0, timeLimitMs }), false);
    for (const bad of [{ line: 0 }, { line: 2.5 }, { hint: 42 }, { output: {} }]) {
      assert.equal(isGraderToParent({ type: 'checkEnd', submission: 0, check: 0, result: { ...result, ...bad } }), false, JSON.stringify(bad));
    }
    assert.equal(isGraderToParent({ type: 'ready', backend: 'webgl', checks: [] }), false);
    assert.equal(isGradeRequest({ type: 'grade', drillDir: '/d', backend: 'cpu', submissions: [{ file: '/a.ts' }] }), false);
  });
});

describe('webview pages', () => {
  it("the CSP allows nothing by default, the bundle only by nonce, and no <base> or form posts", () => {
    const csp = webviewCsp('https://webview.example', 'abc123');
    const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.equal(directives.get('default-src'), "'none'");
    assert.equal(directives.get('script-src'), "'nonce-abc123'");
    assert.equal(directives.get('base-uri'), "'none'");
    assert.equal(directives.get('form-action'), "'none'");
    assert.equal(directives.get('style-src'), 'https://webview.example');
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*|http:|https:\/\/(?!webview\.example)/);
  });
});

describe('learner code never runs in the extension host', () => {
  it("the extension host's bundle has no code evaluator (vm modules, eval, new Function)", () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'extension.js'), 'utf8')
      // Comments may name them.
      .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
    assert.ok(bundle.length > 10000, 'the bundle is built');
    assert.doesNotMatch(bundle, /SourceTextModule|runInNewContext|runInThisContext|runInContext|new Function\s*\(|[^\w.]eval\s*\(|require\(["']node:vm["']\)|require\(["']vm["']\)/);
  });
});
