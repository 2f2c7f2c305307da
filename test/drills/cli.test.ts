import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, EXERCISES, ROOT, fixture } from './drillTestUtil';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('deepdrill check and deepdrill drills', () => {
  it('check --json on a passing file: one JSON object, passed, exit 0', async () => {
    const r = await run(['check', 'relu', join(EXERCISES, 'relu', 'solution.ts'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'exactly one line');
    const report = JSON.parse(lines[0]) as { drill: string; passed: boolean; checks: { name: string; passed: boolean; message: string }[] };
    assert.equal(report.drill, 'relu');
    assert.equal(report.passed, true);
    assert.ok(report.checks.length > 3);
    for (const c of report.checks) {
      assert.equal(typeof c.name, 'string');
      assert.equal(c.passed, true);
      assert.equal(typeof c.message, 'string');
    }
  });

  it('check on a failing file prints each check with what went wrong, and exits 1', async () => {
    const r = await run(['check', 'relu', fixture('throws.ts')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✓ relu on random values/);
    assert.match(r.stdout, /✗ leakyRelu on random values\n\s+leakyRelu threw: alpha is not supported yet \(line 8\)\n\s+input\s+x = float32 \[4, 5\]/);
    assert.match(r.stdout, /\d+ of \d+ checks passed\.\n$/);
  });

  it('check --json on a failing file: passed false with the failure message, exit 1', async () => {
    const r = await run(['check', 'relu', fixture('missingExport.ts'), '--json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { passed: boolean; checks: { passed: boolean; message: string }[] };
    assert.equal(report.passed, false);
    assert.equal(report.checks[0].message, "The file does not export 'leakyRelu'.");
  });

  it('an unknown drill or a missing file is a usage error (exit 2)', async () => {
    const unknown = await run(['check', 'no-such-drill', fixture('throws.ts')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown drill 'no-such-drill' \(deepdrill drills lists them\)/);
    const missing = await run(['check', 'relu', 'nowhere.ts']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /file not found: nowhere\.ts/);
  });

  it('drills --json lists every drill with its exports and signatures', async () => {
    const r = await run(['drills', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { id: string; title: string; topic: string; exports: { name: string; signature: string }[] }[];
    const relu = list.find((d) => d.id === 'relu');
    assert.ok(relu);
    assert.equal(relu.title, 'ReLU and leaky ReLU');
    assert.equal(relu.topic, 'activations');
    assert.deepEqual(relu.exports.map((e) => e.signature), ['relu(x: tf.Tensor): tf.Tensor', 'leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor']);
  });
});
