import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_TOLERANCE } from '../../extension/shared/drillChecks';
import { compareValues, formatNumber, formatValue, type Value } from '../../extension/shared/drillValues';

const t = (values: number[], shape: number[] = [values.length]): Value => ({ kind: 'tensor', shape, dtype: 'float32', values });
const num = (x: number): Value => ({ kind: 'tensor', shape: [], dtype: 'number', values: [x] });

describe('comparing what a drill function returned with the reference', () => {
  it('equal within the tolerance', () => {
    assert.equal(compareValues(t([1, 2, 3]), t([1, 2.0001, 3]), DEFAULT_TOLERANCE), undefined);
    assert.equal(compareValues(t([1000]), t([1000.05]), DEFAULT_TOLERANCE), undefined, 'relative tolerance scales with the value');
  });

  it('a wrong value: the first index, both values and how many differ', () => {
    assert.equal(
      compareValues(t([0.1, 0.2, 0.3, 0.4], [2, 2]), t([0.1, 0.2, 0.5, 0.9], [2, 2]), DEFAULT_TOLERANCE),
      'got 0.5 at [1, 0], expected 0.3 (2 of 4 values differ; the largest difference is 0.5)',
    );
  });

  it('NaN or Infinity where a number was expected says so (an overflow, typically)', () => {
    assert.equal(compareValues(t([0.09, 0.24, 0.67], [1, 3]), t([NaN, NaN, NaN], [1, 3]), DEFAULT_TOLERANCE), 'returned NaN at [0, 0] where 0.09 was expected');
    assert.equal(compareValues(t([5]), t([Infinity]), DEFAULT_TOLERANCE), 'returned Infinity at [0] where 5 was expected');
    assert.equal(compareValues(t([NaN]), t([NaN]), DEFAULT_TOLERANCE), undefined, 'NaN is right where the reference gives NaN');
    assert.equal(compareValues(num(0.69), num(NaN), DEFAULT_TOLERANCE), 'returned NaN where 0.69 was expected', 'a scalar has no index');
  });

  it('a wrong shape is reported before any value', () => {
    assert.equal(compareValues(t([1, 2, 3, 4, 5, 6], [2, 3]), t([1, 2, 3, 4, 5, 6], [3, 2]), DEFAULT_TOLERANCE), 'returned shape [3, 2]; expected shape [2, 3]');
  });

  it('a plain number and a scalar tensor are the same answer', () => {
    assert.equal(compareValues(t([2.5], []), num(2.5), DEFAULT_TOLERANCE), undefined);
    assert.equal(compareValues(num(2.5), t([2.5], []), DEFAULT_TOLERANCE), undefined);
  });

  it('records and lists: the path of the wrong part, or the missing field', () => {
    const expected: Value = { kind: 'record', fields: { dx: t([1, 2]), dw: t([3, 4]) } };
    assert.equal(compareValues(expected, { kind: 'record', fields: { dx: t([1, 2]), dw: t([3, 5]) } }, DEFAULT_TOLERANCE), 'dw: got 5 at [1], expected 4 (1 of 2 values differ; the largest difference is 1)');
    assert.equal(compareValues(expected, { kind: 'record', fields: { dx: t([1, 2]) } }, DEFAULT_TOLERANCE), "the returned object has no field 'dw' (it has dx)");
    assert.equal(compareValues({ kind: 'list', items: [t([1])] }, { kind: 'list', items: [t([2])] }, DEFAULT_TOLERANCE), '[0]: got 2 at [0], expected 1');
  });

  it('nothing returned where a tensor was expected', () => {
    assert.equal(compareValues(t([1, 2]), { kind: 'other', text: 'undefined (nothing)' }, DEFAULT_TOLERANCE), 'returned undefined (nothing); expected a tensor of shape [2]');
  });
});

describe('showing values to the learner', () => {
  it('numbers: 5 significant digits, integers as they are, tiny and huge ones in exponent form', () => {
    assert.equal(formatNumber(0.090030573), '0.090031');
    assert.equal(formatNumber(1000), '1000');
    assert.equal(formatNumber(-1e-7), '-1e-7');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '-Infinity');
  });

  it('tensors with dtype and shape; long axes are cut short', () => {
    assert.equal(formatValue(t([1, 2, 3, 4, 5, 6], [2, 3])), 'float32 [2, 3] [[1, 2, 3], [4, 5, 6]]');
    assert.equal(formatValue(t([1, 2, 3, 4, 5, 6, 7, 8]), 3), 'float32 [8] [1, 2, 3, … 5 more]');
    assert.equal(formatValue(num(0.5)), '0.5');
    assert.equal(formatValue({ kind: 'record', fields: { m: num(1), v: num(2) } }), '{ m: 1, v: 2 }');
  });
});
