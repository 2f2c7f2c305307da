import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementsPerSample, formatBytes, formatCount, layerFlops, summaryTotals } from '../../extension/shared/layerFlops';
import type { LayerSummary } from '../../extension/shared/modelSummary';

describe('FLOPs per sample of each layer kind (a multiply-add counts 2)', () => {
  it('dense: 2 × inputs × units, per position of a sequence input', () => {
    assert.equal(layerFlops('Dense', { units: 10 }, [[null, 1600]], [[null, 10]]), 2 * 1600 * 10);
    assert.equal(layerFlops('Dense', { units: 4 }, [[null, 7, 3]], [[null, 7, 4]]), 2 * 7 * 3 * 4);
  });

  it('conv2d: 2 × output positions × filters × kernel area × input channels (channels last and first)', () => {
    // The seed CNN's first conv: 28×28×1 → 26×26×32, 3×3 kernel.
    assert.equal(layerFlops('Conv2D', { filters: 32, kernelSize: [3, 3] }, [[null, 28, 28, 1]], [[null, 26, 26, 32]]), 389_376);
    assert.equal(layerFlops('Conv2D', { filters: 64, kernelSize: 3 }, [[null, 13, 13, 32]], [[null, 11, 11, 64]]), 2 * 11 * 11 * 64 * 9 * 32);
    assert.equal(
      layerFlops('Conv2D', { filters: 8, kernelSize: 5, dataFormat: 'channelsFirst' }, [[null, 3, 32, 32]], [[null, 8, 28, 28]]),
      2 * 28 * 28 * 8 * 25 * 3,
    );
    assert.equal(layerFlops('Conv1D', { filters: 4, kernelSize: 3 }, [[null, 10, 2]], [[null, 8, 4]]), 2 * 8 * 4 * 3 * 2);
  });

  it('depthwise and separable conv: a filter per input channel, then (separable) a 1×1 conv', () => {
    assert.equal(layerFlops('DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2 }, [[null, 10, 10, 4]], [[null, 8, 8, 8]]), 2 * 8 * 8 * 8 * 9);
    assert.equal(
      layerFlops('SeparableConv2D', { filters: 16, kernelSize: 3, depthMultiplier: 1 }, [[null, 10, 10, 4]], [[null, 8, 8, 16]]),
      2 * 8 * 8 * 4 * 9 + 2 * 8 * 8 * 4 * 16,
    );
  });

  it('pooling: one operation per window element; global pooling one per input element', () => {
    assert.equal(layerFlops('MaxPooling2D', { poolSize: [2, 2] }, [[null, 26, 26, 32]], [[null, 13, 13, 32]]), 13 * 13 * 32 * 4);
    assert.equal(layerFlops('AveragePooling1D', { poolSize: 3 }, [[null, 9, 2]], [[null, 3, 2]]), 3 * 2 * 3);
    assert.equal(layerFlops('GlobalAveragePooling2D', {}, [[null, 5, 5, 64]], [[null, 64]]), 5 * 5 * 64);
  });

  it('batch normalisation: a scale and a shift per element', () => {
    assert.equal(layerFlops('BatchNormalization', {}, [[null, 16]], [[null, 16]]), 32);
  });

  it('recurrent layers: 2 × steps × gates × (input·units + units²), 4 gates for LSTM, 3 for GRU, 1 for SimpleRNN', () => {
    const per = (gates: number) => 2 * 12 * gates * (8 * 16 + 16 * 16);
    assert.equal(layerFlops('LSTM', { units: 16 }, [[null, 12, 8]], [[null, 16]]), per(4));
    assert.equal(layerFlops('GRU', { units: 16 }, [[null, 12, 8]], [[null, 16]]), per(3));
    assert.equal(layerFlops('SimpleRNN', { units: 16, returnSequences: true }, [[null, 12, 8]], [[null, 12, 16]]), per(1));
  });

  it('an embedding is a lookup, and reshapes, dropout and concatenation cost nothing', () => {
    assert.equal(layerFlops('Embedding', { inputDim: 50, outputDim: 8 }, [[null, 12]], [[null, 12, 8]]), 0);
    for (const c of ['Flatten', 'Reshape', 'Dropout', 'Concatenate', 'InputLayer']) {
      assert.equal(layerFlops(c, {}, [[null, 4, 4]], [[null, 16]]), 0, c);
    }
  });

  it('merges of n tensors cost n − 1 operations per output element', () => {
    assert.equal(layerFlops('Add', {}, [[null, 8], [null, 8], [null, 8]], [[null, 8]]), 16);
  });

  it('an unknown dimension (other than the batch) gives 0 rather than a wrong count', () => {
    assert.equal(layerFlops('Dense', { units: 4 }, [[null, null, 3]], [[null, null, 4]]), 0);
    assert.equal(layerFlops('LSTM', { units: 4 }, [[null, null, 3]], [[null, 4]]), 0);
    assert.equal(elementsPerSample([null, 3, null]), undefined);
  });
});

describe('summary totals', () => {
  const layer = (name: string, params: number, trainable: number, flops: number): LayerSummary => ({
    name,
    className: 'Dense',
    outputShapes: [[null, 1]],
    params,
    trainableParams: trainable,
    nonTrainableParams: params - trainable,
    inbound: [],
    flopsPerSample: flops,
  });

  it('adds parameters (trainable and not), FLOPs, and 4 bytes of float32 per parameter', () => {
    const totals = summaryTotals([layer('a', 80, 80, 128), layer('norm', 64, 32, 32), layer('b', 51, 51, 96)]);
    assert.deepEqual(totals, { params: 195, trainableParams: 163, nonTrainableParams: 32, flopsPerSample: 256, weightBytes: 780 });
  });

  it('formats counts and bytes for people', () => {
    assert.equal(formatCount(4_909_952), '4.91 M');
    assert.equal(formatCount(37_184), '37.2 k');
    assert.equal(formatCount(576), '576');
    assert.equal(formatBytes(139_304), '136 KiB');
    assert.equal(formatBytes(68), '68 B');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.00 MiB');
  });
});
