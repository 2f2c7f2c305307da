// Generates broken model files and drill submissions from the real ones (the examples and the
// drills' reference solutions), the way a learner breaks them: a file cut off mid-edit, a token
// or a line deleted, doubled or swapped, a layer option of the wrong type or out of range.
// Seeded: the same seed gives the same cases, so a failure can be replayed (DEEPDRILL_SEED).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seeded, type Random } from '../faults/faultUtil';

export interface FuzzCase {
  kind: 'model' | 'submission';
  /** The drill a submission is graded against. */
  drill?: string;
  /** Where it came from and what was done to it, for failure messages. */
  name: string;
  /** A path for the file (it is never written): relative imports and messages use it. */
  file: string;
  source: string;
}

const ROOT = join(__dirname, '..', '..');

/** Drills whose checks train a model for seconds: a thousand of them would not fit in CI. */
const COSTLY_DRILLS = new Set(['mnist-cnn']);

/**
 * The examples, made cheap to run: MNIST shrinks to a few dozen images (the fuzz run trains
 * one epoch of whatever still runs; what matters is how each run ends, not what it learns).
 */
export function modelSeeds(): { name: string; file: string; source: string }[] {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({
      name: `examples/${f}`,
      file: join(dir, f),
      source: readFileSync(join(dir, f), 'utf8').replace(/\bmnist\(\)/g, 'mnist({ trainSize: 32, testSize: 16 })'),
    }));
}

export function submissionSeeds(): { name: string; drill: string; file: string; source: string }[] {
  const dir = join(ROOT, 'exercises');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !COSTLY_DRILLS.has(d.name))
    .map((d) => d.name)
    .sort()
    .map((drill) => {
      const file = join(dir, drill, 'solution.ts');
      return { name: `exercises/${drill}/solution.ts`, drill, file, source: readFileSync(file, 'utf8') };
    });
}

// ---- mutations ----------------------------------------------------------------------------

/** Identifiers, numbers, strings, comments, then any other single character. */
const TOKEN = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:\\.|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|\d[\d_.eE+-]*|[A-Za-z_$][\w$]*|\s+|[^]/g;

function tokens(source: string): string[] {
  return source.match(TOKEN) ?? [];
}

/** Values a learner (or autocomplete) puts where a layer option goes. */
const WRONG_VALUES = [
  "'ten'",
  '-1',
  '0',
  'NaN',
  'Infinity',
  '-Infinity',
  '42',
  'null',
  'undefined',
  'true',
  '[NaN, 2]',
  '[-1]',
  '[]',
  '{}',
  "'relu'",
  "'softmaxx'",
  '2.5',
  '1e5',
  '[2, NaN, 1]',
  '() => 3',
];

const LAYER_OPTION = /\b(units|filters|kernelSize|poolSize|strides|rate|inputShape|activation|batchSize|epochs|validationSplit|learningRate|optimizer|loss|padding|useBias|noise|samples)(\s*:\s*)([^,}\n]+)/g;

type Mutation = (source: string, rng: Random) => { source: string; what: string };

const truncate: Mutation = (source, rng) => {
  const at = rng.int(source.length);
  return { source: source.slice(0, at), what: `cut at ${at}` };
};

/** Deletes, doubles, swaps or replaces one token (not whitespace). */
const editToken: Mutation = (source, rng) => {
  const t = tokens(source);
  const meaningful = t.map((tok, i) => (/^\s+$/.test(tok) ? -1 : i)).filter((i) => i >= 0);
  if (meaningful.length < 2) return truncate(source, rng);
  const i = rng.pick(meaningful);
  const op = rng.pick(['delete', 'double', 'swap', 'replace', 'weird'] as const);
  const old = t[i];
  switch (op) {
    case 'delete':
      t[i] = '';
      break;
    case 'double':
      t[i] = `${old}${old}`;
      break;
    case 'swap': {
      const j = rng.pick(meaningful);
      [t[i], t[j]] = [t[j], t[i]];
      break;
    }
    case 'replace':
      t[i] = t[rng.pick(meaningful)];
      break;
    case 'weird':
      t[i] = rng.pick(WRONG_VALUES);
      break;
  }
  return { source: t.join(''), what: `${op} token ${JSON.stringify(old.slice(0, 20))}` };
};

const editLine: Mutation = (source, rng) => {
  const lines = source.split('\n');
  const i = rng.int(lines.length);
  const op = rng.pick(['delete', 'double', 'swap'] as const);
  if (op === 'delete') lines.splice(i, 1);
  else if (op === 'double') lines.splice(i, 0, lines[i]);
  else {
    const j = rng.int(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  return { source: lines.join('\n'), what: `${op} line ${i + 1}` };
};

/** Gives a layer or fit option a value of the wrong type or out of range. */
const wrongOption: Mutation = (source, rng) => {
  const found = [...source.matchAll(LAYER_OPTION)];
  if (found.length === 0) return editToken(source, rng);
  const m = rng.pick(found);
  const value = rng.pick(WRONG_VALUES);
  const at = (m.index ?? 0) + m[1].length + m[2].length;
  return { source: `${source.slice(0, at)}${value}${source.slice(at + m[3].length)}`, what: `${m[1]}: ${value}` };
};

const MUTATIONS: [Mutation, number][] = [
  [truncate, 2],
  [editToken, 3],
  [editLine, 2],
  [wrongOption, 3],
];

function pickMutation(rng: Random): Mutation {
  const total = MUTATIONS.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [m, w] of MUTATIONS) if ((r -= w) < 0) return m;
  return MUTATIONS[0][0];
}

/** One to three mutations in a row. */
function mutate(source: string, rng: Random): { source: string; what: string } {
  let out = source;
  const whats: string[] = [];
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const r = pickMutation(rng)(out, rng);
    out = r.source;
    whats.push(r.what);
  }
  return { source: out, what: whats.join(', ') };
}

/** `models` mutated model files and `submissions` mutated drill submissions, from `seed`. */
export function generateCases(seed: string, models: number, submissions: number): FuzzCase[] {
  const rng = seeded(seed);
  const mSeeds = modelSeeds();
  const sSeeds = submissionSeeds();
  const cases: FuzzCase[] = [];
  for (let i = 0; i < models; i++) {
    const base = mSeeds[i % mSeeds.length];
    const m = mutate(base.source, rng);
    cases.push({ kind: 'model', name: `${base.name} #${i}: ${m.what}`, file: base.file, source: m.source });
  }
  for (let i = 0; i < submissions; i++) {
    const base = sSeeds[i % sSeeds.length];
    const m = mutate(base.source, rng);
    cases.push({ kind: 'submission', drill: base.drill, name: `${base.name} #${i}: ${m.what}`, file: base.file, source: m.source });
  }
  return cases;
}
