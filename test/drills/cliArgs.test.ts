import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../../extension/cli/args';

describe('deepdrill check and drills: arguments', () => {
  it('check DRILL_ID FILE, with or without --json', () => {
    assert.deepEqual(parseCliArgs(['check', 'stable-softmax', 'softmax.ts']), { kind: 'check', drill: 'stable-softmax', file: 'softmax.ts', json: false });
    assert.deepEqual(parseCliArgs(['check', '--json', 'relu', 'relu.ts']), { kind: 'check', drill: 'relu', file: 'relu.ts', json: true });
  });

  it('drills, with or without --json', () => {
    assert.deepEqual(parseCliArgs(['drills']), { kind: 'drills', json: false });
    assert.deepEqual(parseCliArgs(['drills', '--json']), { kind: 'drills', json: true });
  });

  const usageErrors: [string[], RegExp][] = [
    [['check'], /expected a drill id and a FILE: deepdrill check DRILL_ID FILE/],
    [['check', 'relu'], /expected a drill id and a FILE/],
    [['check', 'relu', 'a.ts', 'b.ts'], /expected a drill id and a FILE/],
    [['check', 'relu', 'a.ts', '--epochs', '3'], /--epochs and --backend are options of train, not of check/],
    [['drills', 'relu'], /drills takes no arguments, got relu/],
    [['grade', 'x.ts'], /unknown command 'grade' \(the commands are train, summary, check and drills\)/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`usage error: ${argv.join(' ') || '(nothing)'}`, () => {
      const parsed = parseCliArgs(argv);
      assert.equal(parsed.kind, 'usage-error');
      if (parsed.kind === 'usage-error') assert.match(parsed.message, message);
    });
  }
});
