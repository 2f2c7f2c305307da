// A learner's first drill, in a real VS Code (code-server + chromium): open the Drills view,
// start ReLU, see the starter and the statement, take a hint, Check it and fail with feedback, write the
// reference solution, Check again, pass, and see the drill scheduled and its status change.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { resultsDir, runFromPalette, setColorTheme, startVsCode, webviewFrame, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const GRADE_TIMEOUT_MS = 90_000;
const DRILL = 'relu';
const TITLE = 'ReLU and leaky ReLU';

function drillRow(page: Page, status: RegExp) {
  return page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: TITLE }) }).filter({ has: page.locator('.label-description', { hasText: status }) });
}

describe('Drills in VS Code', { timeout: 5 * 60_000 }, () => {
  let vs: VsCode;
  let folder: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'deepdrill-drills-ws-'));
    vs = await startVsCode({ folder });
  });
  after(async () => {
    // What the screen showed when a step failed (harmless after a pass).
    await vs?.page.screenshot({ path: join(resultsDir(), 'e2e-drill-last.png') }).catch(() => undefined);
    await vs?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('starts ReLU from the Drills view, fails a Check with feedback, passes with the solution, and schedules it', async () => {
    const { page } = vs;
    await page.locator('.activitybar .action-item a[aria-label^="DeepDrill"], .activitybar .action-item[aria-label^="DeepDrill"]').first().click();
    // The welcome line comes with the learner's progress: from then on the tree is drawn.
    await page.locator('.pane-body', { hasText: 'Pick a drill to start' }).first().waitFor();
    const newRow = drillRow(page, /^new$/);
    await newRow.waitFor();

    // Start, with the row's ▷ action: the starter opens in the editor, the statement beside it.
    // (A click on the row itself was sometimes only a selection while the view was redrawing.)
    await newRow.hover();
    await newRow.locator('.action-label[aria-label^="Start Drill"]').click();
    await page.locator('.tabs-container .tab.active[aria-label^="relu.ts"]').waitFor();
    await page.locator('.editor-instance .view-lines', { hasText: 'Not implemented yet' }).first().waitFor();
    const practiceFile = join(folder, 'deepdrill-practice', `${DRILL}.ts`);
    assert.match(readFileSync(practiceFile, 'utf8'), /^\/\/ DeepDrill drill: relu\b/, 'the practice file names its drill');
    const frame = await webviewFrame(page, '#statement h1');
    assert.equal((await frame.locator('#title').innerText()).trim(), TITLE);
    await frame.locator('#statement .katex').first().waitFor();
    assert.match(await frame.locator('#results').innerText(), /press ▶ Check/);
    // The statement in Chinese and back.
    await frame.locator('#language').click();
    await frame.locator('#title', { hasText: 'ReLU 与 Leaky ReLU' }).waitFor();
    assert.match(await frame.locator('#statement').innerText(), /[\u4e00-\u9fff]/);
    await frame.locator('#language').click();
    await frame.locator('#title', { hasText: TITLE }).waitFor();

    // Hint, before any Check: the first check's own hint, said to cost the rating.
    assert.match((await frame.locator('#hint').getAttribute('title')) ?? '', /counts as Hard/);
    await frame.locator('#hint').click();
    await frame.locator('#hints .check-hint', { hasText: 'tf.maximum(x, 0)' }).waitFor();

    // Check from the CodeLens: the starter throws, so every check fails and says why.
    await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Check' }).first().click();
    await frame.locator('#summary.fail').waitFor({ timeout: GRADE_TIMEOUT_MS });
    const failures = await frame.locator('.check.fail').count();
    assert.ok(failures > 0, 'the failed checks are listed');
    assert.match(await frame.locator('.check.fail').first().innerText(), /Not implemented yet/);
    assert.ok((await frame.locator('.check.fail .check-hint').count()) > 0, 'failures come with hints');
    // …and as problems in the editor.
    await page.locator('.editor-instance .squiggly-error').first().waitFor();
    await page.screenshot({ path: join(resultsDir(), 'e2e-drill-failed-dark.png') });

    // The reference solution, written to the file: VS Code reloads it, Check grades it.
    const solution = readFileSync(join(root, 'exercises', DRILL, 'solution.ts'), 'utf8');
    writeFileSync(practiceFile, `// DeepDrill drill: relu — ${TITLE}\n${solution}`);
    await page.locator('.editor-instance .view-lines', { hasText: 'tf.maximum(x, 0)' }).first().waitFor();
    await page.locator('.editor-instance .view-lines').first().click();
    await page.keyboard.press('Control+Alt+Enter');
    await frame.locator('#summary.pass').waitFor({ timeout: GRADE_TIMEOUT_MS });
    assert.equal(await frame.locator('.check.fail').count(), 0);

    // A pass after failed checks rates Hard; the review is scheduled and said so.
    const review = (await frame.locator('#review').innerText()).replace(/\s+/g, ' ');
    assert.match(review, /Scheduled: next review in \d+ (minute|hour|day)s? \(Hard\)/);
    await page.locator('.notifications-toasts .notification-toast', { hasText: /scheduled: next review/ }).first().waitFor();
    // The tree shows the drill as learning now, with when it comes back.
    await drillRow(page, /^learning · in /).waitFor();
    await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'detached' });
    // The Stats view counts the review.
    await page.locator('.monaco-list-row', { hasText: /Today\s*1 reviewed/ }).first().waitFor();

    // The learner may change the rating; the schedule follows.
    await frame.locator('#change-rating').click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Easy' }).first().click();
    await frame.locator('#review', { hasText: /\(Easy\)/ }).waitFor();
    // …and so does the tree: Easy puts the review days away. (Waiting for that redraw also keeps
    // the next click off a row that is about to be replaced.)
    const row = drillRow(page, /^(learning|mastered) · in \d+ (days?|months)$/);
    await row.waitFor();

    // Starting it again never overwrites the attempt without asking: Continue keeps the code.
    await row.hover();
    await row.locator('.action-label[aria-label^="Start Drill"]').click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'You already have an attempt' });
    await dialog.waitFor();
    await dialog.locator('.monaco-button', { hasText: 'Continue' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(readFileSync(practiceFile, 'utf8'), /tf\.maximum\(x, 0\)/, 'the attempt is kept');

    await page.screenshot({ path: join(resultsDir(), 'e2e-drill-passed-dark.png') });

    // Test Explorer lists the drill with one test per check.
    await runFromPalette(page, 'Testing: Focus on Test Explorer View');
    const testRow = page.locator('.test-explorer .monaco-list-row', { hasText: TITLE }).first();
    await testRow.waitFor();
    await testRow.click();
    await page.keyboard.press('ArrowRight');
    await page.locator('.test-explorer .monaco-list-row', { hasText: 'relu on random values' }).first().waitFor();
    await page.screenshot({ path: join(resultsDir(), 'e2e-drill-test-explorer.png') });
    await page.locator('.activitybar .action-item a[aria-label^="DeepDrill"], .activitybar .action-item[aria-label^="DeepDrill"]').first().click();
    await row.waitFor();

    // The reference solution, after the pass: read-only beside, no new rating, and not a model
    // file (no Train or Architecture buttons on it).
    await frame.locator('#solution').click();
    await page.locator('.editor-group-container.active .tab.active[aria-label^="solution.ts"]').waitFor();
    await page.locator('.editor-group-container.active .view-lines', { hasText: 'tf.maximum(x, 0)' }).first().waitFor();
    await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Split Editor"]').first().waitFor();
    assert.equal(await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Train Current Model"]').count(), 0);
    assert.equal(await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Show Model Architecture"]').count(), 0);
    // It opened over the drill panel, whose tab brings it back, its review unchanged.
    await page.locator('.tabs-container .tab', { hasText: `Drill · ${TITLE}` }).click();
    const back = await webviewFrame(page, '#statement h1');
    await back.locator('#review', { hasText: /\(Easy\)/ }).waitFor();

    await setColorTheme(page, 'Light Modern');
    await page.screenshot({ path: join(resultsDir(), 'e2e-drill-passed-light.png') });

    // A window reload brings the drill panel back on the same drill, with its results.
    const reloaded = page.waitForEvent('load');
    await runFromPalette(page, 'Developer: Reload Window');
    await reloaded;
    const restored = await webviewFrame(page, '#statement h1');
    await restored.locator('#title', { hasText: TITLE }).waitFor();
    await restored.locator('#summary.pass').waitFor();
    await restored.locator('#review', { hasText: /\(Easy\)/ }).waitFor();
    // Ctrl+Alt+Enter checks from the panel too (the statement has the focus, not the editor).
    await restored.locator('#statement').click();
    await page.keyboard.press('Control+Alt+Enter');
    await restored.locator('#summary.running').waitFor();
    await restored.locator('#summary.pass').waitFor({ timeout: GRADE_TIMEOUT_MS });
  });
});
