// What a drill function returned, as plain data (tensors read out), and how a returned value is
// compared with the reference's and shown to the learner. Pure: the grader child turns tensors
// into Values, everything after that happens here.

import type { Tolerance } from './drillChecks';

export type Value =
  /** A tensor, or a plain number (dtype 'number', shape []). */
  | { kind: 'tensor'; shape: number[]; dtype: string; values: number[] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'record'; fields: Record<string, Value> }
  /** Anything else (undefined, a string, a boolean, a function), by its text. */
  | { kind: 'other'; text: string };

export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return x.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(5)));
}

function formatNested(values: readonly number[], shape: readonly number[], offset: number, maxPerAxis: number): string {
  if (shape.length === 0) return formatNumber(values[offset]);
  const [n, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  const shown = Math.min(n, maxPerAxis);
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) parts.push(formatNested(values, rest, offset + i * stride, maxPerAxis));
  if (n > shown) parts.push(`… ${n - shown} more`);
  return `[${parts.join(', ')}]`;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A value as the learner reads it: numbers with 5 significant digits, long axes cut short. */
export function formatValue(v: Value, maxPerAxis = 6): string {
  switch (v.kind) {
    case 'tensor': {
      if (v.dtype === 'number') return formatNumber(v.values[0]);
      const body = formatNested(v.values, v.shape, 0, maxPerAxis);
      return `${v.dtype} ${formatShape(v.shape)} ${body}`;
    }
    case 'list':
      return `[${v.items.map((i) => formatValue(i, maxPerAxis)).join(', ')}]`;
    case 'record':
      return `{ ${Object.entries(v.fields)
        .map(([k, f]) => `${k}: ${formatValue(f, maxPerAxis)}`)
        .join(', ')} }`;
    case 'other':
      return v.text;
  }
}

function kindText(v: Value): string {
  switch (v.kind) {
    case 'tensor':
      return v.dtype === 'number' ? 'a number' : `a tensor of shape ${formatShape(v.shape)}`;
    case 'list':
      return `an array of ${v.items.length}`;
    case 'record':
      return `an object with ${Object.keys(v.fields).join(', ') || 'no fields'}`;
    case 'other':
      return v.text;
  }
}

function indexOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return formatShape(idx);
}

function close(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Why `actual` is not `expected` within the tolerance, in one sentence; undefined when it is. */
export function compareValues(expected: Value, actual: Value, tol: Tolerance, path = ''): string | undefined {
  const at = path ? `${path}: ` : '';
  // A scalar tensor and a plain number mean the same to a learner.
  const scalarish = (v: Value) => v.kind === 'tensor' && v.shape.length === 0;
  if (expected.kind === 'tensor' && actual.kind === 'tensor') {
    if (!(scalarish(expected) && scalarish(actual)) && formatShape(expected.shape) !== formatShape(actual.shape)) {
      return `${at}returned shape ${formatShape(actual.shape)}; expected shape ${formatShape(expected.shape)}`;
    }
    let bad = 0;
    let first = -1;
    let largest = 0;
    for (let i = 0; i < expected.values.length; i++) {
      const a = actual.values[i];
      const e = expected.values[i];
      if (close(a, e, tol)) continue;
      bad++;
      if (first < 0) first = i;
      if (!Number.isFinite(a) && Number.isFinite(e)) {
        const where = expected.shape.length ? ` at ${indexOf(i, expected.shape)}` : '';
        return `${at}returned ${formatNumber(a)}${where} where ${formatNumber(e)} was expected`;
      }
      largest = Math.max(largest, Math.abs(a - e));
    }
    if (bad === 0) return undefined;
    const where = expected.shape.length ? ` at ${indexOf(first, expected.shape)}` : '';
    const summary = expected.values.length > 1 ? ` (${bad} of ${expected.values.length} values differ; the largest difference is ${formatNumber(largest)})` : '';
    return `${at}got ${formatNumber(actual.values[first])}${where}, expected ${formatNumber(expected.values[first])}${summary}`;
  }
  if (expected.kind === 'list' && actual.kind === 'list') {
    if (expected.items.length !== actual.items.length) return `${at}returned ${kindText(actual)}; expected ${kindText(expected)}`;
    for (let i = 0; i < expected.items.length; i++) {
      const why = compareValues(expected.items[i], actual.items[i], tol, `${path}[${i}]`);
      if (why) return why;
    }
    return undefined;
  }
  if (expected.kind === 'record' && actual.kind === 'record') {
    for (const key of Object.keys(expected.fields)) {
      if (!(key in actual.fields)) return `${at}the returned object has no field '${key}' (it has ${Object.keys(actual.fields).join(', ') || 'none'})`;
      const why = compareValues(expected.fields[key], actual.fields[key], tol, path ? `${path}.${key}` : key);
      if (why) return why;
    }
    return undefined;
  }
  if (expected.kind === 'other' && actual.kind === 'other' && expected.text === actual.text) return undefined;
  return `${at}returned ${kindText(actual)}; expected ${kindText(expected)}`;
}
