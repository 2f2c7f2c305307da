import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allNodeIds, diagramGraph } from '../../extension/shared/architectureGraph';
import { isArchitectureToHost, isHostToArchitecture } from '../../extension/shared/architectureProtocol';
import type { LayerSummary, ModelSummary } from '../../extension/shared/modelSummary';
import { isModelSummary } from '../../extension/shared/modelSummaryValidation';

const dense = (name: string, inbound: string[], shape: number, line?: number): LayerSummary => ({
  name,
  className: 'Dense',
  outputShapes: [[null, shape]],
  params: shape * 2,
  trainableParams: shape * 2,
  nonTrainableParams: 0,
  inbound,
  flopsPerSample: 4 * shape,
  activation: 'relu',
  ...(line !== undefined ? { line } : {}),
});
const totals = { params: 0, trainableParams: 0, nonTrainableParams: 0, flopsPerSample: 0, weightBytes: 0 };

const tower: ModelSummary = { name: 'tower', className: 'Sequential', inputs: ['t_input'], inputShapes: [[null, 3]], outputs: ['t2'], layers: [dense('t1', ['t_input'], 4), dense('t2', ['t1'], 2)], totals };
const model: ModelSummary = {
  name: 'm',
  className: 'Sequential',
  inputs: ['first_input'],
  inputShapes: [[null, 3]],
  outputs: ['out'],
  layers: [
    { ...dense('tower', ['first_input'], 2, 4), className: 'Sequential', nested: tower },
    dense('out', ['tower'], 1, 7),
  ],
  totals,
};

describe('the architecture diagram graph', () => {
  it('draws a Sequential model’s input as a node, and labels each edge with the shape along it', () => {
    const g = diagramGraph(model, (id) => id === 'tower');
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.kind, n.shape]),
      [
        ['first_input', 'input', '[null,3]'],
        ['tower', 'model', '[null,2]'],
        ['out', 'layer', '[null,1]'],
      ],
    );
    assert.deepEqual(
      g.edges.map((e) => [e.source, e.target, e.label]),
      [
        ['first_input', 'tower', '[null,3]'],
        ['tower', 'out', '[null,2]'],
      ],
    );
    assert.equal(g.nodes[1].inner, undefined, 'a collapsed nested model is one node');
    assert.equal(g.nodes[2].line, 7);
  });

  it('expands a nested model into its own graph, with ids prefixed by the model', () => {
    const g = diagramGraph(model);
    const inner = g.nodes[1].inner;
    assert.ok(inner);
    assert.deepEqual(inner.nodes.map((n) => n.id), ['tower/t_input', 'tower/t1', 'tower/t2']);
    assert.deepEqual(inner.edges.map((e) => e.id), ['tower/t_input->tower/t1', 'tower/t1->tower/t2']);
    assert.deepEqual(allNodeIds(g), ['first_input', 'tower', 'tower/t_input', 'tower/t1', 'tower/t2', 'out']);
  });
});

describe('architecture panel messages are checked', () => {
  it('accepts the host’s states and refuses malformed ones', () => {
    assert.ok(isModelSummary(model));
    assert.ok(isHostToArchitecture({ type: 'state', file: '/m.ts', fileName: 'm.ts', view: { kind: 'ready', summary: model } }));
    assert.ok(isHostToArchitecture({ type: 'state', file: '/m.ts', fileName: 'm.ts', view: { kind: 'failed', error: { kind: 'syntax', message: 'x', line: 4 } } }));
    assert.ok(!isHostToArchitecture({ type: 'state', file: '/m.ts', fileName: 'm.ts', view: { kind: 'ready', summary: { ...model, layers: [{ name: 'x' }] } } }));
    assert.ok(!isHostToArchitecture({ type: 'state', fileName: 'm.ts', view: { kind: 'loading' } }));
  });

  it('accepts the webview’s requests and refuses bad lines and formats', () => {
    assert.ok(isArchitectureToHost({ type: 'revealLine', line: 19 }));
    assert.ok(isArchitectureToHost({ type: 'export', format: 'svg', data: '<svg/>' }));
    assert.ok(!isArchitectureToHost({ type: 'revealLine', line: 0 }));
    assert.ok(!isArchitectureToHost({ type: 'revealLine', line: '19' }));
    assert.ok(!isArchitectureToHost({ type: 'export', format: 'pdf', data: '' }));
    assert.ok(!isArchitectureToHost({ type: 'run', command: 'rm' }));
  });
});
