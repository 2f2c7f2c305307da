import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { setDataRoot } from '../../extension/worker/datasets/csv';
import type { Dataset } from '../../extension/worker/datasets/dataset';
import { csv } from '../../extension/worker/userApi';

function disposeDataset(d: Dataset): void {
  tf.dispose([d.xTrain, d.yTrain, ...(d.xTest ? [d.xTest] : []), ...(d.yTest ? [d.yTest] : [])]);
}

const FLOWERS = `sepal_length,sepal_width,species
5.1,3.5,setosa
4.9,3.0,setosa
7.0,3.2,versicolor
6.4,3.2,versicolor
6.3,3.3,virginica
5.8,2.7,virginica
5.0,3.6,setosa
6.9,3.1,versicolor
7.1,3.0,virginica
4.6,3.1,setosa
`;

describe('csv dataset', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  before(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'deepdrill-csv-'));
  });
  afterEach(() => setDataRoot(undefined));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads numeric features and maps text labels to sorted class indices', async () => {
    const start = tf.memory().numTensors;
    const d = await csv(file('flowers.csv', FLOWERS), { label: 'species', testFraction: 0 });
    assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(d.xTrain.shape, [10, 2]);
    assert.deepEqual(d.yTrain.shape, [10]);
    assert.equal(d.xTest, undefined);
    const x = (await d.xTrain.array()) as number[][];
    const y = Array.from(await d.yTrain.data());
    // Rows come shuffled; each keeps its own label.
    const byRow = new Map(x.map((row, i) => [row.map((v) => v.toFixed(1)).join(','), y[i]]));
    assert.equal(byRow.get('5.1,3.5'), 0);
    assert.equal(byRow.get('7.0,3.2'), 1);
    assert.equal(byRow.get('7.1,3.0'), 2);
    disposeDataset(d);
    assert.equal(tf.memory().numTensors, start);
  });

  it('splits a stratified test set, one-hot when asked, reproducibly per seed', async () => {
    const path = file('flowers.csv', FLOWERS);
    const d = await csv(path, { label: -1, testFraction: 0.3, oneHot: true, seed: 3 });
    assert.deepEqual(d.xTrain.shape, [7, 2]);
    assert.deepEqual(d.yTrain.shape, [7, 3]);
    assert.deepEqual(d.yTest?.shape, [3, 3]);
    // One flower of each species in the test set.
    assert.deepEqual(tf.tidy(() => d.yTest!.sum(0).arraySync()), [1, 1, 1]);
    const again = await csv(path, { label: 2, testFraction: 0.3, oneHot: true, seed: 3 });
    assert.deepEqual(await again.xTest!.array(), await d.xTest!.array());
    disposeDataset(d);
    disposeDataset(again);
  });

  it('keeps numeric labels as [n, 1] values, files without a header, quotes, BOM and CRLF', async () => {
    const d = await csv(file('houses.csv', '\uFEFF"rooms","area",price\r\n3,70.5,210\r\n\r\n4,"95",305.5\r\n2,50,150\r\n'), { label: 'price', testFraction: 0 });
    assert.deepEqual(d.yTrain.shape, [3, 1]);
    assert.equal(d.classNames, undefined);
    const pairs = ((await d.xTrain.array()) as number[][]).map((row, i) => [row[0], row[1], (d.yTrain.arraySync() as number[][])[i][0]]);
    assert.deepEqual(pairs.sort((a, b) => a[0] - b[0]), [[2, 50, 150], [3, 70.5, 210], [4, 95, 305.5]]);
    disposeDataset(d);

    const noHeader = await csv(file('plain.csv', '1,2,0\n3,4,1\n5,6,2\n'), { label: 2, header: false, testFraction: 0, oneHot: true });
    assert.deepEqual(noHeader.xTrain.shape, [3, 2]);
    assert.deepEqual(noHeader.yTrain.shape, [3, 3]);
    disposeDataset(noHeader);
  });

  it('resolves a relative path against the data root the worker sets', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'flowers.csv'), FLOWERS);
    setDataRoot(dir);
    const d = await csv('data/flowers.csv', { label: 'species' });
    assert.deepEqual(d.xTrain.shape, [7, 2]);
    assert.deepEqual(d.xTest?.shape, [3, 2]);
    disposeDataset(d);
    await assert.rejects(csv('data/missing.csv', { label: 'species' }), (err: Error) => {
      assert.equal(err.message, `csv: file not found: ${join(dir, 'data', 'missing.csv')} ('data/missing.csv' relative to ${dir}).`);
      return true;
    });
  });

  it('names the line and column of a cell that is not a number, and leaves no tensors', async () => {
    const start = tf.memory().numTensors;
    await assert.rejects(
      csv(file('bad.csv', 'a,b,label\n1,2,x\n3,four,y\n'), { label: 'label' }),
      /csv: .*bad\.csv, line 3, column 'b' is 'four', not a number\. Feature columns must be numeric\./,
    );
    await assert.rejects(csv(file('hole.csv', 'a,b,label\n1,,x\n'), { label: 'label' }), /line 2, column 'b' is empty/);
    await assert.rejects(csv(file('nolabel.csv', 'a,b,label\n1,2,\n'), { label: 'label' }), /line 2: the label \(column 'label'\) is empty/);
    await assert.rejects(csv(file('noheader.csv', '1,2,x\n1,z,y\n'), { label: -1, header: false }), /line 2, column 1 is 'z', not a number/);
    assert.equal(tf.memory().numTensors, start);
  });

  it('explains a missing label column, a bad index, an empty file and ragged rows', async () => {
    const flowers = file('flowers.csv', FLOWERS);
    await assert.rejects(csv(flowers, { label: 'class' }), /has no column 'class'\. Its columns are: 'sepal_length', 'sepal_width', 'species'\./);
    await assert.rejects(csv(flowers, { label: 3 }), /label must be a column name or an index from -3 to 2 \(.* has 3 columns\), got 3/);
    await assert.rejects(csv(flowers, { label: 'species', header: false }), /header is false .* give the column's index instead/);
    await assert.rejects(csv(file('empty.csv', ''), { label: 0 }), /csv: .*empty\.csv is empty\./);
    await assert.rejects(csv(file('headonly.csv', 'a,b\n'), { label: 'b' }), /headonly\.csv has no data rows below its header/);
    await assert.rejects(csv(file('ragged.csv', 'a,b,c\n1,2,x\n1,2\n'), { label: 'c' }), /ragged\.csv is not valid CSV: Invalid Record Length: expect 3, got 2 on line 3/);
    await assert.rejects(csv(file('one.csv', 'label\nx\n'), { label: 'label' }), /needs at least one feature column and a label column/);
    await assert.rejects(csv(join(dir, 'nope.csv'), { label: 'x' }), /csv: file not found: .*nope\.csv\.$/);
    await assert.rejects(csv(file('neg.csv', 'a,label\n1,-1\n'), { label: 'label', oneHot: true }), /oneHot needs class indices 0, 1, 2, … in the label column, but line 2 has -1/);
  });
});
