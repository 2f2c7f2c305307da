import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkListProblems, makeCheckDsl } from '../../extension/shared/drillChecks';
import { DRILL_FILES, loadDrills, parameterNames, parseDrillMeta, prerequisiteCycle, sourceExports } from '../../extension/shared/drillMeta';
import { EXERCISES } from './drillTestUtil';

const VALID = {
  id: 'stable-softmax',
  title: 'Numerically stable softmax',
  titleZh: '数值稳定的 softmax',
  topic: 'activations',
  difficulty: 'easy',
  prerequisites: [],
  concepts: ['log-sum-exp trick'],
  timeBudgetMinutes: 10,
  exports: [{ name: 'softmax', signature: 'softmax(logits: tf.Tensor2D): tf.Tensor2D' }],
};

describe('every folder under exercises/ is a valid drill', () => {
  const { drills, problems } = loadDrills(EXERCISES);

  it('has no problems (files, drill.json fields, exports, prerequisites)', () => {
    assert.deepEqual(problems.map((p) => `exercises/${p.where}: ${p.message}`), []);
    assert.ok(drills.length >= 1);
  });

  it('every statement has a Chinese version with Chinese text and the same code example', () => {
    for (const d of drills) {
      const en = readFileSync(join(d.dir, 'statement.en.md'), 'utf8');
      const zh = readFileSync(join(d.dir, 'statement.zh-CN.md'), 'utf8');
      assert.match(zh, /[\u4e00-\u9fff]{10}/, `${d.meta.id}: statement.zh-CN.md has Chinese text`);
      assert.match(d.meta.titleZh, /[\u4e00-\u9fff]/, `${d.meta.id}: titleZh is Chinese`);
      const code = (s: string) => [...s.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
      assert.deepEqual(code(zh), code(en), `${d.meta.id}: the code blocks of both statements are the same`);
    }
  });
});

describe('drill.json validation says what is wrong and where', () => {
  it('accepts a valid drill.json', () => {
    const parsed = parseDrillMeta(VALID, 'stable-softmax');
    assert.equal(parsed.ok, true);
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['the id differs from the folder', {}, 'softmax', /'id' is 'stable-softmax' but the folder is 'softmax'/],
    ['an unknown topic', { topic: 'magic' }, 'stable-softmax', /'topic' must be one of activations, /],
    ['an unknown field (a typo)', { timeBudget: 3 }, 'stable-softmax', /unknown field 'timeBudget'/],
    ['a missing title', { title: '' }, 'stable-softmax', /'title' must be a non-empty string/],
    ['a signature for another name', { exports: [{ name: 'softmax', signature: 'soft(x)' }] }, 'stable-softmax', /must start with 'softmax\('/],
    ['no exports', { exports: [] }, 'stable-softmax', /'exports' must be a non-empty array/],
    ['a budget of zero', { timeBudgetMinutes: 0 }, 'stable-softmax', /'timeBudgetMinutes'/],
  ];
  for (const [what, change, folder, message] of cases) {
    it(`rejects ${what}`, () => {
      const parsed = parseDrillMeta({ ...VALID, ...change }, folder);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.ok(parsed.errors.some((e) => message.test(e)), parsed.errors.join('\n'));
    });
  }

  it('finds a prerequisite cycle and names it', () => {
    const cycle = prerequisiteCycle([
      { id: 'a', prerequisites: ['b'] },
      { id: 'b', prerequisites: ['c'] },
      { id: 'c', prerequisites: ['a'] },
    ]);
    assert.deepEqual(cycle, ['a', 'b', 'c', 'a']);
    assert.equal(prerequisiteCycle([{ id: 'a', prerequisites: [] }, { id: 'b', prerequisites: ['a'] }]), undefined);
  });

  it('reads parameter names from signatures, including defaults and generic types', () => {
    assert.deepEqual(parameterNames('leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor'), ['x', 'alpha']);
    assert.deepEqual(parameterNames('f(a: Map<string, number>, b?: { c: number, d: number }, e = 3): void'), ['a', 'b', 'e']);
    assert.deepEqual(parameterNames('g(): number'), []);
  });

  it('knows what a source file exports', () => {
    assert.equal(sourceExports('export function relu(x) {}', 'relu'), true);
    assert.equal(sourceExports('export const relu = (x) => x;', 'relu'), true);
    assert.equal(sourceExports('function relu(x) {}', 'relu'), false);
    assert.equal(sourceExports('export function relu6(x) {}', 'relu'), false);
  });

  it('a broken folder on disk: every problem is reported with its file, valid drills still load', () => {
    const root = mkdtempSync(join(tmpdir(), 'deepdrill-exercises-'));
    try {
      const good = join(root, 'stable-softmax');
      mkdirSync(good);
      writeFileSync(join(good, 'drill.json'), JSON.stringify({ ...VALID, prerequisites: ['nowhere'] }));
      for (const f of DRILL_FILES.filter((f) => f !== 'drill.json')) writeFileSync(join(good, f), '');
      writeFileSync(join(good, 'statement.en.md'), '# Softmax\n\nA statement long enough to count as one.');
      writeFileSync(join(good, 'starter.ts'), 'export function softmax(logits) { throw new Error("todo"); }');
      writeFileSync(join(good, 'solution.ts'), 'export function notSoftmax() {}');
      writeFileSync(join(good, 'checks.ts'), 'export function checks(d) { return []; }');
      const bad = join(root, 'broken');
      mkdirSync(bad);
      writeFileSync(join(bad, 'drill.json'), '{ not json');
      const { drills, problems } = loadDrills(root);
      const text = problems.map((p) => `${p.where}: ${p.message}`);
      assert.deepEqual(drills.map((d) => d.meta.id), ['stable-softmax']);
      assert.ok(text.some((t) => /^broken\/drill\.json: not valid JSON/.test(t)), text.join('\n'));
      assert.ok(text.includes('broken/starter.ts: missing'), text.join('\n'));
      assert.ok(text.includes("stable-softmax/solution.ts: does not export 'softmax' (drill.json lists it)"), text.join('\n'));
      assert.ok(text.includes('stable-softmax/statement.zh-CN.md: the statement is (nearly) empty'), text.join('\n'));
      assert.ok(text.includes("stable-softmax/drill.json: prerequisite 'nowhere' is not a drill"), text.join('\n'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a drill\'s check list is refused when it is unsound', () => {
  const d = makeCheckDsl();
  it('duplicate names, missing hints, calls to unlisted exports, bad wrt, no checks', () => {
    const list = [
      d.compare('values', { call: 'softmax', args: [d.normal([2, 3])], hint: 'h' }),
      d.compare('values', { call: 'softmax', args: [d.normal([2, 3])], hint: 'h' }),
      d.compare('other', { call: 'softmaxx', args: [], hint: 'h' }),
      d.gradient('grad', { call: 'softmax', args: [d.normal([2])], wrt: [1], hint: 'h' }),
      d.forbid('rule', { pattern: /tf\.softmax/, what: 'tf.softmax', hint: ' ' }),
    ];
    assert.deepEqual(checkListProblems(list, ['softmax']), [
      "check 2 ('values'): the name is used twice",
      "check 3 ('other') calls 'softmaxx', which drill.json does not list in exports",
      "check 4 ('grad'): wrt indices must point into args",
      "check 5 ('rule') has no hint",
    ]);
    assert.deepEqual(checkListProblems([], ['softmax']), ['a drill needs at least one check']);
    assert.deepEqual(checkListProblems({}, ['softmax']), ['checks(d) must return an array of checks']);
  });

  it('tensor() reads the shape from the nesting and refuses ragged arrays', () => {
    assert.deepEqual(d.tensor([[1, 2, 3], [4, 5, 6]]), { kind: 'literal', dtype: 'float32', values: [1, 2, 3, 4, 5, 6], shape: [2, 3] });
    assert.deepEqual(d.tensor(7, 'int32'), { kind: 'literal', dtype: 'int32', values: [7], shape: [] });
    assert.throws(() => d.tensor([[1, 2], [3]]), /ragged nesting/);
  });
});
