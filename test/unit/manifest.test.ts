// The manifest is the extension's user interface before any code runs: every command a menu,
// key, walkthrough or CodeLens link names must exist, and every file it points at must ship.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { exampleInfo, freeFileName } from '../../extension/shared/examples';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const declared = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));
// Commands VS Code makes for each contributed view, e.g. `deepdrill.drills.focus`.
for (const views of Object.values(contributes.views ?? {}) as { id: string }[][]) for (const v of views) declared.add(`${v.id}.focus`);

describe('package.json', () => {
  it('every command in menus, keybindings and walkthrough links is declared', () => {
    const used: string[] = [];
    for (const items of Object.values(contributes.menus ?? {}) as { command?: string }[][]) for (const m of items) if (m.command) used.push(m.command);
    for (const k of contributes.keybindings ?? []) used.push(k.command);
    for (const w of contributes.walkthroughs ?? []) {
      for (const step of w.steps) {
        for (const [, id] of String(step.description).matchAll(/\(command:([\w.]+)/g)) used.push(id);
        for (const event of step.completionEvents ?? []) if (event.startsWith('onCommand:')) used.push(event.slice('onCommand:'.length));
      }
    }
    assert.ok(used.length > 5);
    assert.deepEqual(used.filter((c) => !declared.has(c)), []);
  });

  it('every walkthrough step has media that exists, and every command a title', () => {
    for (const w of contributes.walkthroughs) {
      for (const step of w.steps) {
        const media = step.media.markdown ?? step.media.image;
        assert.ok(existsSync(join(root, media)), `${step.id}: ${media}`);
      }
    }
    for (const c of contributes.commands) assert.ok(c.title && c.category === 'DeepDrill', c.command);
  });
});

describe('examples as a learner picks them', () => {
  it('summarises an example by the first line of its header comment', () => {
    const text = readFileSync(join(root, 'examples', 'mnist-cnn.ts'), 'utf8');
    assert.equal(exampleInfo('mnist-cnn.ts', text).summary, 'A convolutional network for handwritten digits, trained on the real MNIST set.');
    assert.equal(exampleInfo('bare.ts', 'import * as tf from "@tensorflow/tfjs";').summary, '');
  });

  it('never overwrites: a taken name gets -2, -3, …', () => {
    const taken = new Set(['xor-mlp.ts', 'xor-mlp-2.ts']);
    assert.equal(freeFileName('mnist-cnn.ts', (n) => taken.has(n)), 'mnist-cnn.ts');
    assert.equal(freeFileName('xor-mlp.ts', (n) => taken.has(n)), 'xor-mlp-3.ts');
    assert.equal(freeFileName('Makefile', (n) => n === 'Makefile'), 'Makefile-2');
  });
});
