import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../../extension/cli/args';

describe('deepdrill command-line arguments', () => {
  it('train FILE with defaults', () => {
    assert.deepEqual(parseCliArgs(['train', 'model.ts']), { kind: 'train', file: 'model.ts', backend: 'auto', json: false });
  });

  it('train FILE with every option, in either spelling and any order', () => {
    const expected = { kind: 'train', file: 'm.js', backend: 'wasm', json: true, epochs: 3 };
    assert.deepEqual(parseCliArgs(['train', 'm.js', '--epochs', '3', '--backend', 'wasm', '--json']), expected);
    assert.deepEqual(parseCliArgs(['--json', '--epochs=3', '--backend=wasm', 'train', 'm.js']), expected);
  });

  it('--help and --version win over everything else', () => {
    assert.deepEqual(parseCliArgs(['--help']), { kind: 'help' });
    assert.deepEqual(parseCliArgs(['train', 'x.ts', '-h']), { kind: 'help' });
    assert.deepEqual(parseCliArgs(['-v']), { kind: 'version' });
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /missing command/],
    [['fit', 'x.ts'], /unknown command 'fit'/],
    [['train'], /missing FILE/],
    [['train', 'a.ts', 'b.ts'], /expected one FILE, got 2/],
    [['train', 'a.ts', '--fast'], /^unknown option --fast$/],
    [['train', 'a.ts', '--epochs'], /--epochs needs a value/],
    [['train', 'a.ts', '--epochs', '0'], /--epochs must be a whole number ≥ 1, got '0'/],
    [['train', 'a.ts', '--epochs', '2.5'], /--epochs must be a whole number/],
    [['train', 'a.ts', '--backend', 'gpu'], /--backend must be one of auto, tensorflow, wasm, cpu, got 'gpu'/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`refuses: deepdrill ${argv.join(' ')}`, () => {
      const parsed = parseCliArgs(argv);
      assert.equal(parsed.kind, 'usage-error');
      assert.match(parsed.kind === 'usage-error' ? parsed.message : '', message);
    });
  }
});
