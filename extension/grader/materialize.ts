// Turns a check's argument specs into data (seeded, so every run of a check sees the same
// numbers), the data into fresh tfjs values for each call, and whatever a call returned back
// into a plain Value for comparison.

import type * as tfTypes from '@tensorflow/tfjs';
import { size, type Arg, type TensorSpec } from '../shared/drillChecks';
import type { Value } from '../shared/drillValues';
import { createRng, type Rng } from '../worker/datasets/random';

type Tf = typeof tfTypes;

/** An argument drawn from its spec: plain data, shown to the learner and rebuilt for every call. */
export type Material =
  | { kind: 'tensor'; shape: number[]; dtype: 'float32' | 'int32'; values: number[] }
  | { kind: 'plain'; value: number | boolean | string | null }
  | { kind: 'record'; fields: Record<string, Material> }
  | { kind: 'list'; items: Material[] };

/** FNV-1a: a stable number seed from a check's identity. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function rngFor(text: string): Rng {
  return createRng(seedOf(text));
}

function isTensorSpec(a: Arg): a is TensorSpec {
  return typeof a === 'object' && a !== null && a.kind !== 'record' && a.kind !== 'list';
}

function drawTensor(spec: TensorSpec, rng: Rng): Material {
  const fill = (shape: number[], f: () => number): number[] => Array.from({ length: size(shape) }, f);
  switch (spec.kind) {
    case 'normal':
      return { kind: 'tensor', dtype: 'float32', shape: spec.shape, values: fill(spec.shape, () => spec.mean + spec.std * rng.normal()) };
    case 'uniform':
      return { kind: 'tensor', dtype: 'float32', shape: spec.shape, values: fill(spec.shape, () => spec.min + (spec.max - spec.min) * rng.uniform()) };
    case 'ints':
      return { kind: 'tensor', dtype: 'int32', shape: spec.shape, values: fill(spec.shape, () => spec.min + Math.floor((spec.max - spec.min) * rng.uniform())) };
    case 'oneHot': {
      const values = new Array<number>(spec.batch * spec.classes).fill(0);
      for (let r = 0; r < spec.batch; r++) values[r * spec.classes + Math.floor(rng.uniform() * spec.classes)] = 1;
      return { kind: 'tensor', dtype: 'float32', shape: [spec.batch, spec.classes], values };
    }
    case 'probabilities': {
      const last = spec.shape[spec.shape.length - 1] ?? 1;
      const values = fill(spec.shape, () => 0.05 + rng.uniform());
      for (let r = 0; r < values.length; r += last) {
        const sum = values.slice(r, r + last).reduce((a, b) => a + b, 0);
        for (let i = r; i < r + last; i++) values[i] /= sum;
      }
      return { kind: 'tensor', dtype: 'float32', shape: spec.shape, values };
    }
    case 'literal':
      return { kind: 'tensor', dtype: spec.dtype, shape: spec.shape, values: [...spec.values] };
  }
}

export function draw(arg: Arg, rng: Rng): Material {
  if (arg === null || typeof arg !== 'object') return { kind: 'plain', value: arg };
  if (arg.kind === 'record') {
    const fields: Record<string, Material> = {};
    for (const [k, v] of Object.entries(arg.fields)) fields[k] = draw(v, rng);
    return { kind: 'record', fields };
  }
  if (arg.kind === 'list') return { kind: 'list', items: arg.items.map((i) => draw(i, rng)) };
  if (isTensorSpec(arg)) return drawTensor(arg, rng);
  throw new Error(`unknown argument spec ${JSON.stringify(arg)}`);
}

/** A fresh tfjs value for one call; the caller's engine scope disposes its tensors. */
export function build(tf: Tf, m: Material): unknown {
  switch (m.kind) {
    case 'tensor':
      return tf.tensor(m.values, m.shape, m.dtype);
    case 'plain':
      return m.value;
    case 'record': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(m.fields)) out[k] = build(tf, v);
      return out;
    }
    case 'list':
      return m.items.map((i) => build(tf, i));
  }
}

export function materialToValue(m: Material): Value {
  switch (m.kind) {
    case 'tensor':
      return { kind: 'tensor', shape: m.shape, dtype: m.dtype, values: m.values };
    case 'plain':
      return typeof m.value === 'number' ? { kind: 'tensor', shape: [], dtype: 'number', values: [m.value] } : { kind: 'other', text: JSON.stringify(m.value) };
    case 'record': {
      const fields: Record<string, Value> = {};
      for (const [k, v] of Object.entries(m.fields)) fields[k] = materialToValue(v);
      return { kind: 'record', fields };
    }
    case 'list':
      return { kind: 'list', items: m.items.map(materialToValue) };
  }
}

/** Reads out what a call returned. Tensors are read synchronously (the cpu backend holds them in memory). */
export function toValue(tf: Tf, x: unknown, depth = 0): Value {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) return { kind: 'other', text: 'a disposed tensor' };
    if (x.dtype === 'string') return { kind: 'other', text: 'a string tensor' };
    return { kind: 'tensor', shape: [...x.shape], dtype: x.dtype, values: Array.from(x.dataSync() as ArrayLike<number>) };
  }
  if (typeof x === 'number') return { kind: 'tensor', shape: [], dtype: 'number', values: [x] };
  if (depth < 4 && Array.isArray(x)) return { kind: 'list', items: x.map((i) => toValue(tf, i, depth + 1)) };
  if (depth < 4 && typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype) {
    const fields: Record<string, Value> = {};
    for (const [k, v] of Object.entries(x)) fields[k] = toValue(tf, v, depth + 1);
    return { kind: 'record', fields };
  }
  if (x === undefined) return { kind: 'other', text: 'undefined (nothing)' };
  if (typeof x === 'function') return { kind: 'other', text: 'a function' };
  if (typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function') return { kind: 'other', text: 'a Promise' };
  return { kind: 'other', text: JSON.stringify(x) ?? String(x) };
}
