// `deepdrill summary` and describeModel against real tfjs: the figures of every layer and the
// totals must be the ones tfjs's own model.summary() prints for the same model (the files
// call model.summary() before their fit, and its lines come back as the file's output).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeModel } from '../../extension/shared/describeModel';
import type { LayerSummary, ModelSummary } from '../../extension/shared/modelSummary';
import { ROOT, childPids, fixture, runCli } from './cliRun';

const WORKER = join(ROOT, 'dist', 'worker.js');

/** Worker processes started by this test process (tsx's own esbuild service is a child too). */
function workerChildren(): number[] {
  return childPids(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(WORKER);
    } catch {
      return false;
    }
  });
}
const example = (name: string): string => join(ROOT, 'examples', name);

interface PrintedRow {
  /** `name (Class)`, cut to its column as tfjs cuts it. */
  layer: string;
  outputShape: string;
  params: number;
}
interface Printed {
  /** How tfjs cuts a cell of column i: to its width, less the space before the next column. */
  fit: (text: string, column: number) => string;
  rows: PrintedRow[];
  total: number;
  trainable: number;
  nonTrainable: number;
}

/**
 * Parses tfjs's printSummary output. Its columns sit at fixed positions: 90 characters wide
 * split at 32/61/89 % for sequential-like models, 115 split at 24/48/70/80 % otherwise.
 */
function parseTfjsSummary(lines: string[]): Printed {
  const start = lines.findIndex((l) => /^_+$/.test(l) && lines[lines.indexOf(l) + 1]?.startsWith('Layer (type)'));
  assert.ok(start >= 0, `tfjs printed a summary:\n${lines.join('\n')}`);
  const width = lines[start].length;
  const fractions = width === 90 ? [0.32, 0.61, 0.89, 1] : [0.24, 0.48, 0.7, 0.8, 1];
  const cuts = fractions.map((f) => Math.floor(width * f));
  const cell = (line: string, i: number): string => line.slice(i === 0 ? 0 : cuts[i - 1], cuts[i]).trim();
  const rows: PrintedRow[] = [];
  let i = start + 3;
  for (; i < lines.length && !lines[i].startsWith('Total params'); i++) {
    const line = lines[i];
    if (/^[_=]+$/.test(line) || cell(line, 0) === '') continue;
    rows.push({ layer: cell(line, 0), outputShape: cell(line, 2), params: Number(cell(line, 3)) });
  }
  const count = (label: string): number => Number(lines.find((l) => l.startsWith(`${label}: `))?.slice(label.length + 2));
  const fit = (text: string, column: number): string => {
    const width = cuts[column] - (column === 0 ? 0 : cuts[column - 1]);
    return (text.length >= width ? text.slice(0, width - 1) : text).trim();
  };
  return { fit, rows, total: count('Total params'), trainable: count('Trainable params'), nonTrainable: count('Non-trainable params') };
}

async function describeWithTfjsSummary(file: string): Promise<{ summary: ModelSummary; printed: Printed }> {
  const output: string[] = [];
  const outcome = await describeModel(file, readFileSync(file, 'utf8'), {
    workerPath: WORKER,
    onLog: (e) => {
      if (e.level === 'info') output.push(e.text);
    },
  });
  assert.ok(outcome.ok, `described: ${JSON.stringify(!outcome.ok && outcome.error)}`);
  return { summary: outcome.summary, printed: parseTfjsSummary(output) };
}

function assertSameAsTfjs(summary: ModelSummary, printed: Printed): void {
  assert.deepEqual(
    summary.layers.map((l) => ({
      layer: printed.fit(`${l.name} (${l.className})`, 0),
      outputShape: printed.fit(JSON.stringify(l.outputShapes[0]), 2),
      params: l.params,
    })),
    printed.rows,
    'every layer: name, class, output shape and parameters as tfjs prints them',
  );
  assert.equal(summary.totals.params, printed.total, 'total parameters');
  assert.equal(summary.totals.trainableParams, printed.trainable, 'trainable parameters');
  assert.equal(summary.totals.nonTrainableParams, printed.nonTrainable, 'non-trainable parameters');
  assert.equal(summary.totals.weightBytes, printed.total * 4);
}

const byName = (s: ModelSummary, name: string): LayerSummary => {
  const l = s.layers.find((x) => x.name === name);
  assert.ok(l, `layer ${name} in ${s.layers.map((x) => x.name).join(', ')}`);
  return l;
};

describe('describing a model without training it', { timeout: 180_000 }, () => {
  it('the seed CNN: the same layers, shapes and parameters as tfjs, each at the line that created it', async () => {
    const { summary, printed } = await describeWithTfjsSummary(example('mnist-cnn.ts'));
    assertSameAsTfjs(summary, printed);
    assert.equal(summary.totals.params, 34_826);
    assert.deepEqual(
      summary.layers.map((l) => l.line),
      [19, 20, 21, 22, 23, 24],
      'each layer points at its model.add line',
    );
    assert.equal(summary.line, 18, 'the model at its tf.sequential() line');
    assert.deepEqual(summary.inputShapes, [[null, 28, 28, 1]]);
    assert.deepEqual(
      summary.layers.map((l) => l.activation),
      ['relu', undefined, 'relu', undefined, undefined, 'softmax'],
    );
    // conv 26·26·32·9·2 + pool 13·13·32·4 + conv 11·11·64·9·32·2 + pool 5·5·64·4 + dense 1600·10·2
    assert.equal(summary.totals.flopsPerSample, 389_376 + 21_632 + 4_460_544 + 6_400 + 32_000);
  });

  it('a functional model with a branch: the same figures as tfjs, the branch and the merge in the inbound layers', async () => {
    const { summary, printed } = await describeWithTfjsSummary(example('functional-branch.ts'));
    assertSameAsTfjs(summary, printed);
    assert.equal(summary.className, 'Functional');
    assert.deepEqual(summary.inputs, ['measurements']);
    assert.deepEqual(summary.outputs, ['species']);
    assert.deepEqual(byName(summary, 'wide').inbound, ['measurements']);
    assert.deepEqual(byName(summary, 'deep1').inbound, ['measurements']);
    assert.deepEqual(byName(summary, 'joined').inbound, ['wide', 'deep2']);
    assert.equal(byName(summary, 'norm').nonTrainableParams, 32, 'batch norm keeps its moving mean and variance untrained');
    assert.equal(byName(summary, 'measurements').line, 14);
    assert.equal(byName(summary, 'joined').line, 22);
  });

  it('a factory module: two inputs, two outputs, an embedding, an LSTM and a nested model', async () => {
    const { summary, printed } = await describeWithTfjsSummary(fixture('summaryFactory.ts'));
    assertSameAsTfjs(summary, printed);
    assert.deepEqual(summary.inputs, ['tokens', 'features']);
    assert.deepEqual(summary.outputs, ['score', 'kind']);
    const tower = byName(summary, 'tower');
    assert.equal(tower.nested?.layers.length, 2, 'the nested Sequential lists its own layers');
    assert.equal(tower.nested?.totals.params, tower.params);
    assert.equal(tower.line, 10);
    assert.equal(byName(summary, 'lstm').flopsPerSample, 2 * 12 * 4 * (8 * 16 + 16 * 16));
    assert.equal(summary.line, 18);
  });
});

describe('describeModel ends its worker', { timeout: 60_000 }, () => {
  it('stops a file that never builds a model at the time limit, and leaves no process behind', async () => {
    const file = fixture('busyLoop.ts');
    const outcome = await describeModel(file, readFileSync(file, 'utf8'), { workerPath: WORKER, timeoutMs: 3_000 });
    assert.equal(outcome.ok, false);
    assert.match(!outcome.ok ? outcome.error.message : '', /took longer than 3 s/);
    assert.deepEqual(workerChildren(), [], 'the worker is gone when describeModel returns');
  });

  it('leaves no process behind after a summary either', async () => {
    const file = fixture('summaryTwoModels.ts');
    const outcome = await describeModel(file, readFileSync(file, 'utf8'), { workerPath: WORKER });
    assert.equal(outcome.ok, true);
    assert.deepEqual(workerChildren(), []);
  });
});

describe('deepdrill summary FILE', { timeout: 180_000 }, () => {
  it('--json prints the layers and totals of the model the script fits, without training it', async () => {
    const r = await runCli(['summary', fixture('summaryTwoModels.ts'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { layers: { name: string; class: string; outputShape: unknown; params: number; line: number }[]; totals: Record<string, number> };
    assert.deepEqual(
      json.layers.map(({ class: c, outputShape, params, line }) => ({ c, outputShape, params, line })),
      [
        { c: 'Dense', outputShape: [null, 4], params: 12, line: 8 },
        { c: 'Dense', outputShape: [null, 1], params: 5, line: 9 },
      ],
    );
    assert.deepEqual(json.totals, { params: 17, trainableParams: 17, nonTrainableParams: 0, flopsPerSample: 24, weightBytes: 68 });
    assert.doesNotMatch(r.stderr, /must not return/, 'the fit did not return');
  });

  for (const [what, file] of [
    ['leaves a ticker running', 'summaryTicker.ts'],
    ['trains by hand with trainOnBatch', 'summaryTrainOnBatch.ts'],
  ]) {
    it(`a file that ${what} is described, not held up until the time limit`, async () => {
      const r = await runCli(['summary', fixture(file), '--json']);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout) as { layers: { class: string; params: number; line: number }[] };
      assert.deepEqual(json.layers.map((l) => [l.class, l.params, l.line]), [['Dense', 9, file === 'summaryTicker.ts' ? 5 : 4]]);
    });
  }

  it('prints a Keras-style table', async () => {
    const r = await runCli(['summary', example('mnist-cnn.ts')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /conv2d_Conv2D1 \(Conv2D\)\s+\[null,26,26,32\]\s+320\s+19\n/);
    assert.match(r.stdout, /Total params: 34,826\n/);
    assert.match(r.stdout, /FLOPs per sample: 4,909,952/);
  });

  it('a syntax error: exit 1 and the line', async () => {
    const r = await runCli(['summary', fixture('syntaxError.ts'), '--json']);
    assert.equal(r.code, 1);
    const { error } = JSON.parse(r.stdout) as { error: { kind: string; line: number } };
    assert.equal(error.kind, 'syntax');
    assert.equal(error.line, 4);
  });

  it('a file without a model: a message that says what was looked for', async () => {
    const r = await runCli(['summary', fixture('noModel.ts')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error \(no-model\): The file builds no model/);
    assert.match(r.stderr, /createModel/);
  });

  it('a layer that cannot be built: the error at its line', async () => {
    const r = await runCli(['summary', fixture('summaryUnbuilt.ts'), '--json']);
    assert.equal(r.code, 1);
    const { error } = JSON.parse(r.stdout) as { error: { message: string; line: number } };
    assert.equal(error.line, 5);
    assert.match(error.message, /inputShape/);
  });

  it('usage errors exit 2 like train', async () => {
    assert.equal((await runCli(['summary'])).code, 2);
    assert.equal((await runCli(['summary', join(ROOT, 'no-such-file.ts')])).code, 2);
  });
});
