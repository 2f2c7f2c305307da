// The pure parts of drills in VS Code: where attempts are written and which drill a file is,
// where failed checks are marked, and how the schedule and the panel's messages read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDrillPanelToHost, statementLanguageFor } from '../../extension/shared/drillPanelProtocol';
import { headerDrillId, practiceDrillId, practiceFile, practiceFolder, practiceSource } from '../../extension/shared/drillPractice';
import { bars, drillStats } from '../../extension/shared/drillStats';
import { declarationLine, failureLine, failureMarks, failureText, reviewText, untilText } from '../../extension/shared/drillResults';
import type { CheckResult } from '../../extension/shared/graderProtocol';

const root = join(__dirname, '..', '..');
const ids = new Set(['relu', 'stable-softmax', 'dense-forward']);

describe('practice files', () => {
  it('go to deepdrill-practice in the workspace, or to global storage without one', () => {
    assert.equal(practiceFolder({ setting: '', workspaceFolder: '/ws', globalStorage: '/gs' }), '/ws/deepdrill-practice');
    assert.equal(practiceFolder({ setting: '', globalStorage: '/gs' }), '/gs/practice');
    assert.equal(practiceFolder({ setting: 'drills', workspaceFolder: '/ws', globalStorage: '/gs' }), '/ws/drills');
    assert.equal(practiceFolder({ setting: '/home/me/dl', workspaceFolder: '/ws', globalStorage: '/gs' }), '/home/me/dl');
    assert.equal(practiceFile('/ws/deepdrill-practice', 'relu'), '/ws/deepdrill-practice/relu.ts');
  });

  it('start with a header naming the drill, above the starter', () => {
    const starter = readFileSync(join(root, 'exercises', 'relu', 'starter.ts'), 'utf8');
    const source = practiceSource('relu', 'ReLU and leaky ReLU', starter);
    assert.ok(source.endsWith(starter));
    assert.equal(headerDrillId(source), 'relu');
    // The header is only a comment: the starter's line numbers move by exactly one.
    assert.equal(source.split('\n').length, starter.split('\n').length + 1);
  });

  it('are recognised by their header wherever they are, and by their name in the practice folder', () => {
    const header = practiceSource('stable-softmax', 'Softmax', 'export function softmax() {}\n');
    assert.equal(practiceDrillId('/elsewhere/mine.ts', header, ids), 'stable-softmax');
    assert.equal(practiceDrillId('/ws/deepdrill-practice/relu.ts', 'export const x = 1;', ids, '/ws/deepdrill-practice'), 'relu');
    assert.equal(practiceDrillId('/ws/src/relu.ts', 'export const x = 1;', ids, '/ws/deepdrill-practice'), undefined, 'a relu.ts outside the practice folder is not an attempt');
    assert.equal(practiceDrillId('/ws/deepdrill-practice/notes.ts', '', ids, '/ws/deepdrill-practice'), undefined);
    assert.equal(practiceDrillId('/ws/deepdrill-practice/relu.ts', '// DeepDrill drill: no-such-drill\n', ids, '/ws/deepdrill-practice'), undefined, 'the header wins over the name');
    assert.equal(practiceDrillId('/x.ts', '// a note\n\n// DeepDrill drill: relu — ReLU\n', ids), 'relu', 'lines added above the header are fine');
  });
});

const source = [
  '// DeepDrill drill: relu — ReLU',
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'export function relu(x: tf.Tensor): tf.Tensor {',
  '  return x;',
  '}',
  '',
  'export function leakyRelu(x: tf.Tensor, alpha: number): tf.Tensor {',
  '  return x;',
  '}',
].join('\n');
const failed = (name: string, extra: Partial<CheckResult> = {}): CheckResult => ({ name, passed: false, message: 'values differ', durationMs: 1, ...extra });

describe('failed checks in the editor', () => {
  it('are marked at the line the grader names', () => {
    assert.equal(failureLine(failed('relu on random values', { line: 5 }), source, ['relu', 'leakyRelu']), 5);
  });

  it('are otherwise marked at the export the check is about (the longest name that matches)', () => {
    assert.equal(declarationLine(source, 'leakyRelu'), 8);
    assert.equal(failureLine(failed('relu on random values'), source, ['relu', 'leakyRelu']), 4);
    assert.equal(failureLine(failed('leakyRelu with alpha = 0 is relu'), source, ['relu', 'leakyRelu']), 8);
    assert.equal(failureLine(failed('large logits do not overflow'), source, ['leakyRelu', 'relu']), 8, 'no name mentioned: the first export');
    assert.equal(failureLine(failed('anything'), 'const a = 1;', ['relu']), 1);
  });

  it('carry the check, its message and its hint; passed checks make no marks', () => {
    const marks = failureMarks(
      [failed('relu of zeros is zero', { hint: 'relu(0) = 0.' }), { name: 'ok', passed: true, message: 'ok', durationMs: 1 }],
      source,
      ['relu', 'leakyRelu'],
    );
    assert.deepEqual(marks, [{ line: 4, check: 'relu of zeros is zero', message: 'relu of zeros is zero: values differ\nHint: relu(0) = 0.' }]);
  });

  it('read in full in Test Explorer: input, expected, actual, hint', () => {
    const text = failureText(failed('x', { input: 'x = [-1, 2]', expected: '[0, 2]', actual: '[-1, 2]', hint: 'max with 0' }));
    assert.equal(text, 'values differ\nInput: x = [-1, 2]\nExpected: [0, 2]\nActual: [-1, 2]\nHint: max with 0');
  });
});

describe('the schedule in words', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const later = (ms: number): Date => new Date(now.getTime() + ms);
  it('says when a drill comes back, in the unit a learner thinks in', () => {
    assert.equal(untilText(later(10 * 60_000), now), 'in 10 minutes');
    assert.equal(untilText(later(3 * 3_600_000), now), 'in 3 hours');
    assert.equal(untilText(later(86_400_000), now), 'in 1 day');
    assert.equal(untilText(later(12 * 86_400_000), now), 'in 12 days');
    assert.equal(untilText(later(0), now), 'now');
    assert.equal(reviewText('good', later(3 * 86_400_000), now), 'next review in 3 days (Good)');
  });
});

describe('drill panel messages', () => {
  it('are checked before use', () => {
    assert.ok(isDrillPanelToHost({ type: 'ready' }));
    assert.ok(isDrillPanelToHost({ type: 'action', action: 'check' }));
    assert.ok(isDrillPanelToHost({ type: 'setLanguage', language: 'zh-CN' }));
    assert.ok(!isDrillPanelToHost({ type: 'action', action: 'deleteEverything' }));
    assert.ok(!isDrillPanelToHost({ type: 'setLanguage', language: 'fr' }));
    assert.ok(!isDrillPanelToHost('check'));
  });

  it('choose the statement language from VS Code’s display language', () => {
    assert.equal(statementLanguageFor('zh-cn'), 'zh-CN');
    assert.equal(statementLanguageFor('zh-Hans'), 'zh-CN');
    assert.equal(statementLanguageFor('en'), 'en');
    assert.equal(statementLanguageFor('zh-tw'), 'en');
    assert.equal(statementLanguageFor('de'), 'en');
  });
});

describe('drill stats', () => {
  // Local noon, so that the local calendar day is the same in every time zone.
  const day = (d: number, hour = 12): Date => new Date(2026, 0, d, hour);
  const review = (drill: string, at: Date, rating: 'again' | 'hard' | 'good' | 'easy') => ({
    drill,
    rating,
    source: 'grade' as const,
    log: { rating: 3, state: 2, due: at.toISOString(), stability: 1, difficulty: 5, elapsed_days: 0, last_elapsed_days: 0, scheduled_days: 1, learning_steps: 0, review: at.toISOString() },
  });
  const card = (due: Date) => ({ due: due.toISOString(), stability: 3, difficulty: 5, elapsed_days: 0, scheduled_days: 3, learning_steps: 0, reps: 1, lapses: 0, state: 2 });

  it('count reviews per day, the streak, and retention over repeat reviews', () => {
    const progress = {
      version: 1 as const,
      cards: { relu: card(day(12)), mse: card(day(10, 8)) },
      reviews: [review('relu', day(7), 'good'), review('mse', day(8), 'hard'), review('relu', day(9), 'again'), review('relu', day(10), 'good'), review('mse', day(10, 9), 'good')],
    };
    const s = drillStats(progress, day(10), 7, 4);
    assert.deepEqual(s.reviewsPerDay.map((d) => d.count), [0, 0, 0, 1, 1, 1, 2]);
    assert.equal(s.reviewsToday, 2);
    assert.equal(s.streakDays, 4);
    assert.equal(s.retentionReviews, 3, 'first reviews of a drill do not count');
    assert.equal(s.retention, 2 / 3);
    assert.equal(s.started, 2);
    // mse was due this morning (overdue counts today), relu in two days.
    assert.deepEqual(s.forecast.map((d) => d.count), [1, 0, 1, 0]);
    assert.equal(bars([0, 1, 2, 4]), '▁▃▅█');
  });

  it('keep the streak until the end of a day without a review yet, and break it after', () => {
    const progress = { version: 1 as const, cards: {}, reviews: [review('relu', day(8), 'good'), review('relu', day(9), 'good')] };
    assert.equal(drillStats(progress, day(10)).streakDays, 2);
    assert.equal(drillStats(progress, day(11)).streakDays, 0);
    assert.equal(drillStats(progress, day(11)).retention, 1);
    assert.equal(drillStats({ version: 1, cards: {}, reviews: [] }, day(11)).retention, undefined);
  });
});
