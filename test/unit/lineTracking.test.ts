import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapLine, mapLineThrough, relocateLine, type LineEdit } from '../../extension/shared/lineTracking';

/** An edit as VS Code reports it: [startLine, startChar] to [endLine, endChar] replaced by `text`. */
function edit(start: [number, number], end: [number, number], text: string, headBlank?: boolean): LineEdit {
  return { startLine: start[0], startCharacter: start[1], endLine: end[0], endCharacter: end[1], text, headBlank };
}

/**
 * Applies the edit to a document (lines) the way an editor does, so each case checks the
 * mapping against where the fit line's text really ends up.
 */
function apply(lines: string[], e: LineEdit): string[] {
  const text = lines.join('\n');
  const offset = (l: number, c: number) => lines.slice(0, l).reduce((n, s) => n + s.length + 1, 0) + c;
  return (text.slice(0, offset(e.startLine, e.startCharacter)) + e.text + text.slice(offset(e.endLine, e.endCharacter))).split('\n');
}

const doc = [
  "import * as tf from '@tensorflow/tfjs';",
  'const model = tf.sequential();',
  "model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
  '  await model.fit(xs, ys, { epochs: 10 });',
  'model.predict(xs).print();',
];
const FIT = 3;

function followed(e: LineEdit): { mapped: number | undefined; actual: number } {
  const after = apply(doc, e);
  return { mapped: mapLine(FIT, e), actual: after.indexOf(doc[FIT]) };
}

describe('following a fit line through edits', () => {
  it('moves down when lines are added above and up when lines above are deleted', () => {
    for (const e of [
      edit([0, 0], [0, 0], '// a comment\n// another\n'),
      edit([1, 30], [1, 30], '\nconst lr = 0.01;'),
      edit([1, 0], [2, 0], ''),
      edit([0, 5], [2, 10], 'x'),
    ]) {
      const { mapped, actual } = followed(e);
      assert.ok(actual >= 0);
      assert.equal(mapped, actual, JSON.stringify(e));
    }
  });

  it('stays put for edits below it and edits within it', () => {
    assert.equal(mapLine(FIT, edit([4, 0], [4, 5], 'tf.tidy(() => model\n')), FIT);
    assert.equal(mapLine(FIT, edit([3, 36], [3, 38], '50')), FIT, 'changing the epochs keeps the line');
  });

  it('moves down when Enter is typed at its start or in its indentation, not when it splits the code', () => {
    const atStart = edit([FIT, 0], [FIT, 0], '\n');
    assert.equal(mapLine(FIT, atStart), apply(doc, atStart).indexOf(doc[FIT]));
    assert.equal(mapLine(FIT, edit([FIT, 2], [FIT, 2], '\n  ', true)), FIT + 1);
    assert.equal(mapLine(FIT, edit([FIT, 20], [FIT, 20], '\n    ', false)), FIT, 'the fit call stays on its line');
  });

  it('moves up when it is joined to the line above (Backspace at its start)', () => {
    const e = edit([2, doc[2].length], [FIT, 0], '');
    assert.equal(mapLine(FIT, e), 2);
    assert.ok(apply(doc, e)[2].endsWith(doc[FIT]));
  });

  it('vanishes when the line is deleted', () => {
    assert.equal(mapLine(FIT, edit([FIT, 0], [FIT + 1, 0], '')), undefined, 'Delete Line');
    assert.equal(mapLine(FIT, edit([FIT - 1, doc[FIT - 1].length], [FIT, doc[FIT].length], '')), undefined, 'Delete Line on the last line');
    assert.equal(mapLine(FIT, edit([1, 0], [FIT + 1, 0], '')), undefined, 'a block around it deleted');
    assert.equal(mapLine(FIT, edit([FIT, 0], [FIT + 1, 3], '   ')), undefined, 'its text replaced with blanks');
  });

  it('follows a sequence of edits, and stays gone once deleted', () => {
    const edits = [edit([0, 0], [0, 0], '\n\n'), edit([0, 0], [1, 0], ''), edit([6, 0], [6, 0], '// end\n')];
    assert.equal(mapLineThrough(FIT, edits), FIT + 1);
    assert.equal(mapLineThrough(FIT, [edit([FIT, 0], [FIT + 1, 0], ''), edit([0, 0], [0, 0], '\n')]), undefined);
  });
});

describe('finding a fit line again when the file is reopened', () => {
  const text = doc[FIT].trim();

  it('trusts the recorded line when its text is unchanged', () => {
    assert.equal(relocateLine(doc, FIT, text), FIT);
  });

  it('finds the text where it moved while the file was closed', () => {
    const moved = ['// header', '', ...doc];
    assert.equal(relocateLine(moved, FIT, text), FIT + 2);
  });

  it('picks the nearest of several equal lines', () => {
    const twice = [...doc.slice(0, 4), 'x', 'y', 'z', 'w', doc[FIT]];
    assert.equal(relocateLine(twice, FIT, text), FIT);
    assert.equal(relocateLine(twice, 7, text), 8);
  });

  it('finds an edited fit call by the call it makes, nearby', () => {
    const edited = [...doc];
    edited[FIT] = '  await model.fit(xs, ys, { epochs: 50, batchSize: 8 });';
    assert.equal(relocateLine(['// one more line', ...edited], FIT, text), FIT + 1);
    const factory = ['export function createModel(units = 8) {', '  return tf.sequential();', '}'];
    assert.equal(relocateLine(factory, 0, 'export function createModel() {'), 0);
  });

  it('gives up when the line is gone, or is past the end of the file', () => {
    assert.equal(relocateLine([doc[0], doc[1], doc[4]], FIT, text), undefined);
    assert.equal(relocateLine(doc.slice(0, 2), FIT, undefined), undefined);
    assert.equal(relocateLine(doc, FIT, undefined), FIT, 'without a recorded text the line is trusted');
  });
});
