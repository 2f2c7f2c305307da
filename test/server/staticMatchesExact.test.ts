// The hovers' static figures against the model the worker really builds: for every example,
// the language server's static analysis must give the same layers, output shapes, parameter
// counts, FLOPs and source lines as the worker's describe (tfjs's own figures), so that the hovers say
// the same before and after the exact summary arrives.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeModel } from '../../extension/shared/describeModel';
import { analyzeSource } from '../../extension/shared/modelAnalysis';

const root = join(__dirname, '..', '..');
const examples = join(root, 'examples');

describe('static figures match the model the worker builds', { timeout: 5 * 60_000 }, () => {
  for (const name of readdirSync(examples).filter((f) => f.endsWith('.ts'))) {
    it(`examples/${name}`, async () => {
      const file = join(examples, name);
      const source = readFileSync(file, 'utf8');
      const exact = await describeModel(file, source, { workerPath: join(root, 'dist', 'worker.js'), workspaceRoot: examples });
      assert.ok(exact.ok, exact.ok ? '' : exact.error.message);
      const [model] = analyzeSource(file, source).models;
      assert.ok(model);
      assert.equal(model.paramsKnown, true);
      assert.deepEqual(model.summary.totals, exact.summary.totals);
      const rows = (layers: typeof model.summary.layers): string[] =>
        layers.map((l) => JSON.stringify([l.line, l.className, l.outputShapes, l.params, l.trainableParams, l.activation ?? null, l.flopsPerSample])).sort();
      assert.deepEqual(rows(model.summary.layers), rows(exact.summary.layers));
    });
  }
});
