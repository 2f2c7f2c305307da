// Feedback that teaches for the mistakes learners make most: a shape error thrown by tfjs is
// explained (why the shapes do not fit, and the usual fix), a term left out is named by the
// gradient check, and a gradient check whose function already has wrong values says to fix the
// values first instead of sending the learner after tf.grad. The tfjs messages are the real
// ones, thrown by tfjs here and by the learner's code in a real grader child.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { CheckResult, SubmissionReport } from '../../extension/shared/graderProtocol';
import { explainShapeMismatch, explainTfjsError } from '../../extension/shared/tfjsErrors';
import { fixture, grade, show } from './drillTestUtil';

function thrown(f: () => unknown): string {
  try {
    tf.tidy(() => {
      f();
    });
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  assert.fail('tfjs did not throw');
}

function failed(report: SubmissionReport, name: string): CheckResult {
  const c = report.checks.find((r) => r.name === name);
  assert.ok(c, `no check '${name}' in\n${show(report)}`);
  assert.equal(c.passed, false, `'${name}' passes:\n${show(report)}`);
  return c;
}

describe('tfjs errors explained', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('a reduction without keepDims that does not broadcast: names the shapes and keepDims', () => {
    const message = thrown(() => tf.div(tf.ones([4, 10]), tf.sum(tf.ones([4, 10]), -1)));
    const why = explainTfjsError(message);
    assert.match(why ?? '', /\[4, 10\] against \[4\] puts 10 against 4/);
    assert.match(why ?? '', /keepDims = true, as in tf\.sum\(x, -1, true\), which gives \[4, 1\]/);
  });

  it('other shapes that do not broadcast: how tfjs lines them up, no keepDims story', () => {
    const why = explainTfjsError(thrown(() => tf.add(tf.ones([2, 3]), tf.ones([4]))));
    assert.match(why ?? '', /\[2, 3\] against \[4\] puts 3 against 4/);
    assert.doesNotMatch(why ?? '', /looks like/);
  });

  it('matMul with inner sizes that differ: the shapes as multiplied, after the transpose flags', () => {
    const why = explainTfjsError(thrown(() => tf.matMul(tf.ones([5, 3]), tf.ones([3, 4]), false, true)));
    assert.match(why ?? '', /a is \[5, 3\] and b is \[4, 3\] \(after transposeB\), so 3 meets 4/);
  });

  it('a tensor used after tf.tidy freed it', () => {
    let kept: tf.Tensor | undefined;
    tf.tidy(() => {
      kept = tf.ones([2]);
      return undefined;
    });
    assert.match(explainTfjsError(thrown(() => kept!.add(1))) ?? '', /tf\.tidy frees every tensor made inside it except the one its function returns/);
  });

  it('undefined passed for a tensor', () => {
    const message = thrown(() => tf.exp(undefined as unknown as tf.Tensor));
    assert.match(explainTfjsError(message) ?? '', /tf\.exp got nothing \(undefined or null\) for its argument 'x'/);
  });

  it('class-index labels with categoricalCrossentropy: use the sparse loss', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 10, activation: 'softmax' })] });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    let message = '';
    await model.fit(tf.ones([4, 2]), tf.ones([4, 1]), { epochs: 1, verbose: 0 }).catch((err: Error) => (message = err.message));
    assert.match(explainTfjsError(message) ?? '', /one-hot rows of 10.*loss: 'sparseCategoricalCrossentropy'/);
    model.dispose();
  });

  it('anything else: nothing to add', () => {
    assert.equal(explainTfjsError('alpha is not supported yet'), undefined);
  });
});

describe('the grader teaches on the mistakes learners make', () => {
  it('softmax without keepDims: the failed checks explain the broadcast and the fix', async () => {
    const [report] = await grade('stable-softmax', [fixture('mistakes/softmaxNoKeepDims.ts')]);
    const c = failed(report, 'large logits do not overflow');
    assert.match(c.message, /softmax threw: Operands could not be broadcast together with shapes 2,3 and 2\. \(line 5\)/);
    assert.match(c.hint ?? '', /^tfjs lines shapes up from the last axis.*\[2\] looks like \[2, 3\] reduced over its last axis.*keepDims = true/);
    assert.equal(c.line, 5);
  });

  it('a dense layer that forgot the bias: the gradient check names b', async () => {
    const [report] = await grade('dense-forward', [fixture('mistakes/denseNoBias.ts')]);
    const c = failed(report, 'gradients with respect to w and b');
    assert.equal(c.message, 'tf.grads finds no path from b to denseForward(…): as far as tfjs can see, the result does not depend on b.');
    assert.match(c.hint ?? '', /^Use b in the computation with tfjs operations: a term left out \(the bias, say\)/);
    assert.match(failed(report, 'zero weights give the bias on every row').actual ?? '', /\[\[0, 0\], \[0, 0\], \[0, 0\]\]/);
  });

  it('transposed weights: the matMul shapes as multiplied', async () => {
    const [report] = await grade('dense-forward', [fixture('mistakes/denseTransposedWeights.ts')]);
    const c = failed(report, 'linear: a batch of random inputs');
    assert.match(c.hint ?? '', /Here a is \[5, 3\] and b is \[4, 3\] \(after transposeB\), so 3 meets 4/);
  });

  it('attention with the softmax over the wrong axis: its gradient check says to fix the values first', async () => {
    const [report] = await grade('attention', [fixture('mistakes/attentionWrongAxis.ts')]);
    assert.match(failed(report, 'random queries, keys and values').hint ?? '', /softmax over the keys \(last axis\)/);
    const g = failed(report, 'gradients with respect to q, k and v');
    assert.match(g.message, /^the gradient of attention\(…\)\.output with respect to q, k, v is wrong/);
    assert.match(g.hint ?? '', /^The values of attention on this input are already wrong \(attention output: got .*\), so its gradient is too: make the checks on values pass first/);
  });

  it('an MNIST model compiled with the one-hot loss for class-index labels: use the sparse loss', async () => {
    const [report] = await grade('mnist-cnn', [fixture('mistakes/mnistCategoricalLoss.ts')]);
    const c = failed(report, 'reaches 97 % test accuracy within its time budget');
    assert.match(c.message, /^your code threw: target expected a batch of elements where each example has shape \[10\]/);
    assert.match(c.hint ?? '', /^The labels are class indices .* loss: 'sparseCategoricalCrossentropy'/);
  });
});

describe('wrong shapes explained', () => {
  it('a transposed result, named by its field', () => {
    assert.equal(
      explainShapeMismatch('dw: returned shape [4, 3]; expected shape [3, 4]'),
      "dw is [4, 3], the expected [3, 4] transposed: check the order of tf.matMul's operands and its transpose flags (a gradient has the shape of what it is the gradient of).",
    );
  });

  it('an axis of size 1 grown by broadcasting: keepDims', () => {
    assert.match(explainShapeMismatch('softmax returned shape [3, 3]; expected shape [3, 1]') ?? '', /^Axis 1 is 3 where 1 was expected: broadcasting grew it.*keepDims = true/);
  });

  it('an axis dropped: named with its size', () => {
    assert.match(explainShapeMismatch('f returned shape [5]; expected shape [1, 5]') ?? '', /^Axis 0 \(of size 1\) is missing/);
  });

  it('no usual story: nothing', () => {
    assert.equal(explainShapeMismatch('f returned shape [2, 7]; expected shape [3, 4]'), undefined);
    assert.equal(explainShapeMismatch('f got 1 at [0], expected 2'), undefined);
  });

  it('the grader adds it to the hint of a transposed gradient', async () => {
    const [report] = await grade('dense-backward', [fixture('mistakes/denseBackwardTransposedDw.ts')]);
    const c = report.checks.find((r) => r.name === 'random inputs and upstream gradient');
    assert.equal(c?.passed, false, show(report));
    assert.match(c?.hint ?? '', /^dw is \[4, 3\], the expected \[3, 4\] transposed/);
  });
});
