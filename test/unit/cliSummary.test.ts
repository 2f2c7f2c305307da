import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../../extension/cli/args';
import { grouped, summaryErrorJson, summaryJson, summaryTable } from '../../extension/cli/summary';
import type { ModelSummary } from '../../extension/shared/modelSummary';

const summary: ModelSummary = {
  name: 'two_towers',
  className: 'Functional',
  inputs: ['x'],
  outputs: ['out'],
  line: 9,
  layers: [
    { name: 'x', className: 'InputLayer', outputShapes: [[null, 4]], params: 0, trainableParams: 0, nonTrainableParams: 0, inbound: [], flopsPerSample: 0, line: 3 },
    {
      name: 'tower',
      className: 'Sequential',
      outputShapes: [[null, 2]],
      params: 10,
      trainableParams: 10,
      nonTrainableParams: 0,
      inbound: ['x'],
      flopsPerSample: 16,
      line: 4,
      nested: {
        name: 'tower',
        className: 'Sequential',
        inputs: ['d_input'],
        outputs: ['d'],
        layers: [{ name: 'd', className: 'Dense', outputShapes: [[null, 2]], params: 10, trainableParams: 10, nonTrainableParams: 0, inbound: [], flopsPerSample: 16, activation: 'relu', line: 5 }],
        totals: { params: 10, trainableParams: 10, nonTrainableParams: 0, flopsPerSample: 16, weightBytes: 40 },
      },
    },
    { name: 'out', className: 'Dense', outputShapes: [[null, 1]], params: 1234, trainableParams: 1234, nonTrainableParams: 0, inbound: ['tower'], flopsPerSample: 4, activation: 'sigmoid' },
  ],
  totals: { params: 1244, trainableParams: 1244, nonTrainableParams: 0, flopsPerSample: 20, weightBytes: 4976 },
};

describe('deepdrill summary output', () => {
  it('--json has the documented fields per layer (line null when unknown) and the totals', () => {
    const json = summaryJson(summary);
    assert.deepEqual(
      json.layers.map(({ name, class: c, outputShape, params, line }) => ({ name, class: c, outputShape, params, line })),
      [
        { name: 'x', class: 'InputLayer', outputShape: [null, 4], params: 0, line: 3 },
        { name: 'tower', class: 'Sequential', outputShape: [null, 2], params: 10, line: 4 },
        { name: 'out', class: 'Dense', outputShape: [null, 1], params: 1234, line: null },
      ],
    );
    assert.equal(json.layers[1].layers?.[0].name, 'd', 'a nested model lists its own layers');
    assert.deepEqual(json.totals, { params: 1244, trainableParams: 1244, nonTrainableParams: 0, flopsPerSample: 20, weightBytes: 4976 });
  });

  it('the table has a row per layer with its shape, grouped parameter count and line, nested layers indented, and the totals', () => {
    const lines = summaryTable(summary, 'model.ts').split('\n');
    assert.match(lines[0], /^Model: "two_towers" \(Functional\) built at line 9 in model\.ts$/);
    assert.match(lines[2], /^Layer \(type\)\s+Output Shape\s+Param #\s+Line$/);
    assert.match(lines.find((l) => l.startsWith('out (Dense)')) ?? '', /^out \(Dense\)\s+\[null,1\]\s+1,234$/);
    assert.match(lines.find((l) => l.includes('(Sequential)')) ?? '', /^tower \(Sequential\)\s+\[null,2\]\s+10\s+4$/);
    assert.match(lines.find((l) => l.includes('d (Dense)')) ?? '', /^ {2}d \(Dense\)\s+\[null,2\]\s+10\s+5$/);
    assert.ok(lines.includes('Total params: 1,244'));
    assert.ok(lines.includes('Trainable params: 1,244'));
    assert.ok(lines.includes('Non-trainable params: 0'));
    assert.ok(lines.includes('FLOPs per sample: 20'));
    assert.ok(lines.includes('Weight memory: 4.86 KiB (4,976 bytes, float32)'));
  });

  it('an error in --json is one object with its line', () => {
    assert.deepEqual(JSON.parse(summaryErrorJson({ kind: 'syntax', message: 'Unexpected ";"', file: '/m.ts', line: 4, column: 17, stack: 'x' })), {
      error: { kind: 'syntax', message: 'Unexpected ";"', file: '/m.ts', line: 4, column: 17 },
    });
  });

  it('groups thousands', () => {
    assert.equal(grouped(34826), '34,826');
    assert.equal(grouped(1234567), '1,234,567');
    assert.equal(grouped(12), '12');
  });
});

describe('deepdrill summary arguments', () => {
  it('takes one FILE, --json and --backend', () => {
    assert.deepEqual(parseCliArgs(['summary', 'm.ts']), { kind: 'summary', file: 'm.ts', json: false });
    assert.deepEqual(parseCliArgs(['summary', 'm.ts', '--json', '--backend', 'wasm']), { kind: 'summary', file: 'm.ts', json: true, backend: 'wasm' });
  });

  it('refuses a missing FILE, two files, --epochs and an unknown backend', () => {
    for (const [argv, message] of [
      [['summary'], /missing FILE: deepdrill summary FILE/],
      [['summary', 'a.ts', 'b.ts'], /expected one FILE, got 2/],
      [['summary', 'a.ts', '--epochs', '2'], /--epochs is an option of train/],
      [['summary', 'a.ts', '--backend', 'gpu'], /--backend must be one of/],
    ] as const) {
      const c = parseCliArgs(argv);
      assert.equal(c.kind, 'usage-error', argv.join(' '));
      assert.match((c as { message: string }).message, message);
    }
  });
});
