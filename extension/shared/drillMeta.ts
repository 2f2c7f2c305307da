// A drill is a folder `exercises/<id>/`: drill.json (this module's DrillMeta), statement.en.md,
// statement.zh-CN.md, starter.ts, solution.ts and checks.ts. This module reads and validates
// those folders. The validation is written by hand rather than as a JSON Schema (ajv): most
// of what can go wrong is across files and folders (the id is the folder's name, prerequisites
// exist and form no cycle, the starter and solution export what drill.json promises, the
// statements exist), which a schema cannot say, and the messages name the file and the field
// so that whoever adds a drill knows what to fix.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const DRILL_TOPICS = [
  'activations',
  'losses',
  'layers',
  'backprop',
  'optimizers',
  'regularization',
  'convolution',
  'normalization',
  'recurrent',
  'attention',
  'models',
] as const;
export type DrillTopic = (typeof DRILL_TOPICS)[number];

export const DRILL_DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type DrillDifficulty = (typeof DRILL_DIFFICULTIES)[number];

/** The files every drill folder holds. */
export const DRILL_FILES = ['drill.json', 'statement.en.md', 'statement.zh-CN.md', 'starter.ts', 'solution.ts', 'checks.ts'] as const;

export interface DrillExport {
  /** The exported name a submission must provide. */
  name: string;
  /** Its TypeScript signature, as the learner reads it: `softmax(logits: tf.Tensor2D): tf.Tensor2D`. */
  signature: string;
}

/** drill.json. */
export interface DrillMeta {
  /** Equal to the folder's name: lowercase words joined by '-'. */
  id: string;
  /** English title. */
  title: string;
  /** Simplified Chinese title. */
  titleZh: string;
  topic: DrillTopic;
  difficulty: DrillDifficulty;
  /** Ids of drills to do first. */
  prerequisites: string[];
  /** What the drill practises, a few words each ("log-sum-exp trick"). */
  concepts: string[];
  /** Minutes a learner who knows the material needs; a pass well under it rates Easy. */
  timeBudgetMinutes: number;
  /** The functions a submission must export. */
  exports: DrillExport[];
  /** Heap and memory cap of the grader child, MiB (default DEFAULT_GRADER_MEMORY_MB). */
  memoryLimitMb?: number;
  /** The tfjs backend the grader runs on: `cpu` (default; exact and quick to start) or `wasm` (fast training, for model drills). */
  graderBackend?: 'cpu' | 'wasm';
}

export const DEFAULT_GRADER_MEMORY_MB = 1024;

/** A drill folder on disk, validated. */
export interface Drill {
  meta: DrillMeta;
  /** Absolute path of the folder. */
  dir: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const KNOWN_KEYS = new Set(['id', 'title', 'titleZh', 'topic', 'difficulty', 'prerequisites', 'concepts', 'timeBudgetMinutes', 'exports', 'memoryLimitMb', 'graderBackend']);

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string' && s.trim() !== '');
}

/** Validates the content of one drill.json (already JSON-parsed); `folder` is its folder's name. */
export function parseDrillMeta(raw: unknown, folder: string): Parsed<DrillMeta> {
  const errors: string[] = [];
  if (!isObject(raw)) return { ok: false, errors: ['drill.json must hold one JSON object'] };
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) errors.push(`unknown field '${key}'`);
  const str = (key: string): string => {
    const v = raw[key];
    if (typeof v !== 'string' || v.trim() === '') errors.push(`'${key}' must be a non-empty string`);
    return typeof v === 'string' ? v : '';
  };
  const id = str('id');
  if (id && !ID.test(id)) errors.push(`'id' must be lowercase words joined by '-', got '${id}'`);
  if (id && id !== folder) errors.push(`'id' is '${id}' but the folder is '${folder}': they must be equal`);
  const title = str('title');
  const titleZh = str('titleZh');
  const topic = str('topic');
  if (topic && !(DRILL_TOPICS as readonly string[]).includes(topic)) errors.push(`'topic' must be one of ${DRILL_TOPICS.join(', ')}, got '${topic}'`);
  const difficulty = str('difficulty');
  if (difficulty && !(DRILL_DIFFICULTIES as readonly string[]).includes(difficulty)) {
    errors.push(`'difficulty' must be one of ${DRILL_DIFFICULTIES.join(', ')}, got '${difficulty}'`);
  }
  if (!isStringArray(raw.prerequisites)) errors.push("'prerequisites' must be an array of drill ids (may be empty)");
  if (!isStringArray(raw.concepts) || raw.concepts.length === 0) errors.push("'concepts' must be a non-empty array of strings");
  const budget = raw.timeBudgetMinutes;
  if (typeof budget !== 'number' || !(budget > 0) || budget > 240) errors.push("'timeBudgetMinutes' must be a number of minutes in (0, 240]");
  const memory = raw.memoryLimitMb;
  if (memory !== undefined && (typeof memory !== 'number' || !Number.isInteger(memory) || memory < 128 || memory > 8192)) {
    errors.push("'memoryLimitMb' must be a whole number of MiB in [128, 8192]");
  }
  const graderBackend = raw.graderBackend;
  if (graderBackend !== undefined && graderBackend !== 'cpu' && graderBackend !== 'wasm') errors.push("'graderBackend' must be 'cpu' or 'wasm'");
  const exports: DrillExport[] = [];
  if (!Array.isArray(raw.exports) || raw.exports.length === 0) {
    errors.push("'exports' must be a non-empty array of { name, signature }");
  } else {
    raw.exports.forEach((e: unknown, i) => {
      if (!isObject(e) || typeof e.name !== 'string' || typeof e.signature !== 'string') {
        errors.push(`exports[${i}] must be { name, signature }`);
        return;
      }
      if (!IDENTIFIER.test(e.name)) errors.push(`exports[${i}].name '${e.name}' is not a JavaScript identifier`);
      if (!e.signature.startsWith(`${e.name}(`)) errors.push(`exports[${i}].signature must start with '${e.name}(', got '${e.signature}'`);
      if (exports.some((x) => x.name === e.name)) errors.push(`exports[${i}]: '${e.name}' is listed twice`);
      exports.push({ name: e.name, signature: e.signature });
    });
  }
  if (errors.length) return { ok: false, errors };
  const meta: DrillMeta = {
    id,
    title,
    titleZh,
    topic: topic as DrillTopic,
    difficulty: difficulty as DrillDifficulty,
    prerequisites: raw.prerequisites as string[],
    concepts: raw.concepts as string[],
    timeBudgetMinutes: budget as number,
    exports,
  };
  if (memory !== undefined) meta.memoryLimitMb = memory as number;
  if (graderBackend !== undefined) meta.graderBackend = graderBackend as 'cpu' | 'wasm';
  return { ok: true, value: meta };
}

/** Parameter names of a signature `name(a: T, b: U = 1): R`, for naming the inputs in messages. */
export function parameterNames(signature: string): string[] {
  const open = signature.indexOf('(');
  if (open < 0) return [];
  let depth = 0;
  let current = '';
  const params: string[] = [];
  for (const ch of signature.slice(open + 1)) {
    if (depth === 0 && ch === ')') break;
    if ('([{<'.includes(ch)) depth++;
    if (')]}>'.includes(ch)) depth--;
    if (depth === 0 && ch === ',') {
      params.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) params.push(current);
  return params.map((p) => p.trim().split(/[?:=\s]/)[0]).filter((p) => p !== '');
}

/** Whether TypeScript source text exports `name` (function, const, let or class). */
export function sourceExports(source: string, name: string): boolean {
  return new RegExp(`export\\s+(async\\s+)?(function\\s*\\*?|const|let|var|class)\\s+${name.replace(/\$/g, '\\$')}\\b`).test(source);
}

export interface CatalogProblem {
  /** The folder (or file inside it) the problem is in, relative to the exercises root. */
  where: string;
  message: string;
}

/** Reads every drill folder under `root`; problems are collected, never thrown. */
export function loadDrills(root: string): { drills: Drill[]; problems: CatalogProblem[] } {
  const drills: Drill[] = [];
  const problems: CatalogProblem[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory()).sort();
  } catch (err) {
    return { drills, problems: [{ where: root, message: `cannot read the exercises folder: ${(err as Error).message}` }] };
  }
  for (const folder of names) {
    const dir = join(root, folder);
    const missing = DRILL_FILES.filter((f) => !existsSync(join(dir, f)));
    for (const f of missing) problems.push({ where: `${folder}/${f}`, message: 'missing' });
    if (missing.includes('drill.json')) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, 'drill.json'), 'utf8'));
    } catch (err) {
      problems.push({ where: `${folder}/drill.json`, message: `not valid JSON: ${(err as Error).message}` });
      continue;
    }
    const parsed = parseDrillMeta(raw, folder);
    if (!parsed.ok) {
      for (const message of parsed.errors) problems.push({ where: `${folder}/drill.json`, message });
      continue;
    }
    for (const file of ['starter.ts', 'solution.ts'] as const) {
      if (missing.includes(file)) continue;
      const source = readFileSync(join(dir, file), 'utf8');
      for (const e of parsed.value.exports) {
        if (!sourceExports(source, e.name)) problems.push({ where: `${folder}/${file}`, message: `does not export '${e.name}' (drill.json lists it)` });
      }
    }
    if (!missing.includes('checks.ts') && !/export\s+function\s+checks\s*\(/.test(readFileSync(join(dir, 'checks.ts'), 'utf8'))) {
      problems.push({ where: `${folder}/checks.ts`, message: "must export 'function checks(d: CheckDsl): DrillCheck[]'" });
    }
    for (const file of ['statement.en.md', 'statement.zh-CN.md'] as const) {
      if (!missing.includes(file) && readFileSync(join(dir, file), 'utf8').trim().length < 40) {
        problems.push({ where: `${folder}/${file}`, message: 'the statement is (nearly) empty' });
      }
    }
    drills.push({ meta: parsed.value, dir });
  }
  const ids = new Set(drills.map((d) => d.meta.id));
  for (const d of drills) {
    for (const p of d.meta.prerequisites) {
      if (!ids.has(p)) problems.push({ where: `${d.meta.id}/drill.json`, message: `prerequisite '${p}' is not a drill` });
      if (p === d.meta.id) problems.push({ where: `${d.meta.id}/drill.json`, message: 'a drill cannot be its own prerequisite' });
    }
  }
  const cycle = prerequisiteCycle(drills.map((d) => d.meta));
  if (cycle) problems.push({ where: `${cycle[0]}/drill.json`, message: `prerequisites form a cycle: ${cycle.join(' → ')}` });
  return { drills, problems };
}

/** A cycle in the prerequisite graph, as the ids along it (first repeated at the end), if any. */
export function prerequisiteCycle(metas: readonly Pick<DrillMeta, 'id' | 'prerequisites'>[]): string[] | undefined {
  const byId = new Map(metas.map((m) => [m.id, m]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const p of byId.get(id)?.prerequisites ?? []) {
      if (!byId.has(p)) continue;
      const found = visit(p);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const m of metas) {
    const found = visit(m.id);
    if (found) return found;
  }
  return undefined;
}
