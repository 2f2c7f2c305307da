import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, finalLine, fixture, ofType, runCli, trainJson } from './cliRun';

async function trainError(name: string) {
  const r = await trainJson(name, '--backend', 'cpu');
  assert.equal(r.code, 1, `exit code; stderr:\n${r.stderr}`);
  const last = finalLine(r);
  assert.equal(last.type, 'error', JSON.stringify(last));
  assert.equal(last.file, fixture(name), 'the error names the user file');
  assert.equal(ofType(r.lines, 'error').length, 1, 'exactly one final error');
  assert.equal(ofType(r.lines, 'end').length, 0);
  return { r, error: last };
}

describe('deepdrill train: bad input gets a clear message, a line and a non-zero exit', () => {
  it('a syntax error: kind syntax at its line', async () => {
    const { error } = await trainError('syntaxError.ts');
    assert.equal(error.kind, 'syntax');
    assert.equal(error.line, 4);
    assert.match(error.message as string, /Unexpected/);
  });

  it('an import of a package DeepDrill does not serve', async () => {
    const { error } = await trainError('notServed.ts');
    assert.equal(error.kind, 'syntax');
    assert.equal(error.line, 2);
    assert.equal(error.message, "DeepDrill serves @tensorflow/tfjs and deepdrill; 'lodash' is not available");
  });

  it('an import of a @tensorflow package the runtime lacks (tfjs-vis) points at its import line', async () => {
    const { error } = await trainError('tfjsVisImport.ts');
    assert.equal(error.kind, 'syntax');
    assert.equal(error.line, 2);
    assert.equal(error.message, "DeepDrill serves @tensorflow/tfjs and deepdrill; '@tensorflow/tfjs-vis' is not available");
    assert.match(error.hint as string, /metrics panel already charts every fit/);
  });

  it('a runtime throw: the line of the throw in the TypeScript source', async () => {
    const { error } = await trainError('runtimeError.ts');
    assert.equal(error.kind, 'runtime');
    assert.equal(error.line, 9);
    assert.equal(error.message, 'too many units for this exercise');
  });

  it('a throw inside a relatively imported helper points into the helper file', async () => {
    const r = await trainJson('helperThrows.ts', '--backend', 'cpu');
    assert.equal(r.code, 1);
    const error = finalLine(r);
    assert.equal(error.kind, 'runtime');
    assert.equal(error.file, fixture('throwingHelper.ts'));
    assert.equal(error.line, 3);
  });

  it('an unhandled rejection of an un-awaited async function is reported with its line', async () => {
    const { error } = await trainError('unhandledRejection.ts');
    assert.equal(error.kind, 'runtime');
    assert.equal(error.line, 5);
    assert.equal(error.message, 'data folder is empty');
  });

  it('no fit and no factory: says what was looked for', async () => {
    const { error } = await trainError('noModel.ts');
    assert.equal(error.kind, 'no-model');
    for (const name of ['fit', 'createModel', 'buildModel', 'default', 'model']) {
      assert.ok((error.message as string).includes(name), `mentions ${name}: ${error.message}`);
    }
    assert.ok(error.hint);
  });

  it('top-level code stuck on a promise that never settles ends the run instead of hanging', async () => {
    const { error } = await trainError('awaitForever.ts');
    assert.equal(error.kind, 'no-model');
    assert.match(error.message as string, /promise that nothing will ever settle/);
  });

  it('a shape mismatch: tfjs message and the line of the fit call', async () => {
    const { error } = await trainError('shapeError.ts');
    assert.equal(error.kind, 'shape');
    assert.equal(error.line, 10);
    assert.match(error.message as string, /\[3\].*\[5\]/s);
    assert.ok(error.hint);
  });

  it('a TypeError that mentions shape is a runtime error at its line, without the shape hint', async () => {
    const { error } = await trainError('shapeOfUndefined.ts');
    assert.equal(error.kind, 'runtime');
    assert.equal(error.line, 5);
    assert.match(error.message as string, /reading 'shape'/);
  });

  it('a loss that becomes infinite stops training at once and says at which epoch and batch', async () => {
    const { r, error } = await trainError('nanLoss.ts');
    assert.equal(error.kind, 'nan');
    assert.equal(error.line, 8);
    assert.match(error.message as string, /became (NaN|Infinity|-Infinity) at epoch \d+, batch \d+/);
    assert.match(error.hint as string, /learning rate/);
    const epochs = ofType(r.lines, 'epoch');
    assert.ok(epochs.length < 20, 'training did not run to the end');
    assert.ok(epochs.every((e) => Number.isFinite((e.logs as { loss: number }).loss)), 'no non-finite epoch was reported as normal');
  });

  it('process.exit in user code does not end the run silently', async () => {
    const { r, error } = await trainError('processExit.ts');
    assert.equal(error.kind, 'runtime');
    assert.equal(error.line, 6);
    assert.match(error.message as string, /process\.exit\(3\)/);
    assert.ok(ofType(r.lines, 'log').some((l) => l.text === 'no layers yet, giving up'));
  });

  it('a worker that crashes is reported as a crash', async () => {
    const r = await trainJson('crash.ts', '--backend', 'cpu');
    assert.equal(r.code, 1);
    const error = finalLine(r);
    assert.equal(error.type, 'error');
    assert.equal(error.kind, 'crash');
    assert.match(error.message as string, /SIGABRT/);
    // Node's abort report (native frames, the bundle's JS frames) is neither the message nor the learner's output.
    assert.doesNotMatch(error.message as string, /worker\.js|node:internal|0x[0-9a-f]{4}/);
    const logs = ofType(r.lines, 'log').map((l) => String(l.text));
    assert.deepEqual(logs.filter((t) => /stack trace -----|v8::|\[\/usr\/bin\/node\]/.test(t)), [], logs.join('\n'));
  });
});

describe('deepdrill command line usage', () => {
  it('--help prints the usage and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: deepdrill train FILE/);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(r.stdout.trim(), pkg.version);
  });

  for (const [what, args, message] of [
    ['an unknown flag', ['train', fixture('xorScript.ts'), '--fast'], /unknown option --fast/],
    ['a missing file argument', ['train'], /missing FILE/],
    ['a file that does not exist', ['train', 'no/such/model.ts'], /file not found: no\/such\/model\.ts/],
    ['a bad --epochs', ['train', fixture('xorScript.ts'), '--epochs', 'many'], /--epochs must be a whole number/],
    ['a bad --backend', ['train', fixture('xorScript.ts'), '--backend', 'gpu'], /--backend must be one of/],
  ] as const) {
    it(`${what} is a usage error (exit 2)`, async () => {
      const r = await runCli([...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /Usage:/);
    });
  }
});
