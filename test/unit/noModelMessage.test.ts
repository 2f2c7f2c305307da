// What "nothing to train" says, from the file's text and exports: the pure part of the worker's
// no-model error (the worker tests run the same through the command line).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declarationLine, noModelError, uncalledFunction } from '../../extension/worker/factory';

describe('no model: what the file did instead', () => {
  it('finds an async function run() that trains but is never called, at its line', () => {
    const source = ['import * as tf from "@tensorflow/tfjs";', '', 'async function run() {', '  await model.fit(xs, ys);', '}', ''].join('\n');
    assert.deepEqual(uncalledFunction(source), { name: 'run', line: 3 });
  });

  it('does not blame a function that is called, nor an unused helper that trains nothing', () => {
    const called = ['async function run() {', '  await model.fit(xs, ys);', '}', 'run().catch(console.error);'].join('\n');
    assert.equal(uncalledFunction(called), undefined);
    const helper = ['function plot(h) {', '  console.log(h);', '}', 'const model = tf.sequential();'].join('\n');
    assert.equal(uncalledFunction(helper), undefined);
    // `obj.run` is another name; the declaration alone is one use.
    const method = ['async function train() {', '  await model.fitDataset(ds);', '}', 'trainer.train = 1;'].join('\n');
    assert.deepEqual(uncalledFunction(method), { name: 'train', line: 1 });
  });

  it('says which exported functions it did not take for a factory, and points at the first', () => {
    const source = 'import * as tf from "@tensorflow/tfjs";\n\nexport function makeModel() {}\nexport const helper = () => 1;\n';
    const e = noModelError({ makeModel: () => undefined, helper: () => 1, data: () => undefined }, undefined, source);
    assert.match(e.message, /It exports makeModel\(\), helper\(\), under names DeepDrill does not look for\./);
    assert.equal(e.line, 3);
    assert.match(String(e.hint), /export \{ makeModel as createModel \}/);
  });

  it('prefers the compiled model that was never fitted, then the uncalled run(), then the plain list of names', () => {
    const source = 'async function run() {\n  await model.fit(x, y);\n}\n';
    assert.equal(noModelError({}, 7, source).line, 7);
    assert.match(noModelError({}, undefined, source).message, /^run\(\) is defined at line 1 but never called/);
    const plain = noModelError({}, undefined, 'const x = 1;\n');
    assert.match(plain.message, /createModel, buildModel, getModel or default/);
  });

  it('finds the line of CommonJS exports too', () => {
    assert.equal(declarationLine('const tf = require("@tensorflow/tfjs");\nexports.createModel = () => m;\n', 'createModel'), 2);
    assert.equal(declarationLine('\n\nmodule.exports.buildModel = build;\n', 'buildModel'), 3);
  });
});
