// "Killing VS Code mid-review loses no review", in a real VS Code (code-server + chromium): the
// learner fails a Check, writes the solution, Checks again and sees the drill scheduled; at that
// moment code-server's whole process tree (server, extension host, grader) is killed with
// SIGKILL, as a crash or `kill -9` would. Started again on the same user data, VS Code shows the
// review: the drill is learning with its due date, the Stats view counts it, and it is on disk
// with the rating the grade gave (Hard: the pass came after a failed Check).
// Then a kill in the middle of a Check: the failed Check before it still counts when the drill
// is passed after the restart.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { resultsDir, startVsCode, webviewFrame, type VsCode } from './vsCode';

const root = join(__dirname, '..', '..');
const GRADE_TIMEOUT_MS = 90_000;

interface StoredProgress {
  reviews: { drill: string; rating: string; at: string }[];
}

function drillRow(page: Page, title: string, status: RegExp) {
  return page.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: title }) }).filter({ has: page.locator('.label-description', { hasText: status }) });
}

async function openDrillsView(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="DeepDrill"], .activitybar .action-item[aria-label^="DeepDrill"]').first().click();
  await page.locator('.monaco-list-row', { hasText: 'Activations' }).first().waitFor();
}

/** Starts a drill from its row's ▷ action; resolves with the statement panel's frame. */
async function startDrill(page: Page, title: string, file: string) {
  const row = drillRow(page, title, /^(new|in progress)/);
  await row.waitFor();
  await row.hover();
  await row.locator('.action-label[aria-label^="Start Drill"]').click();
  await page.locator(`.tabs-container .tab.active[aria-label^="${file}"]`).waitFor();
  await page.locator('.editor-instance .view-lines', { hasText: 'Not implemented yet' }).first().waitFor();
  return webviewFrame(page, '#statement h1');
}

async function checkWithCodeLens(page: Page): Promise<void> {
  await page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Check' }).first().click();
}

describe('Drills survive VS Code killed mid-review', { timeout: 8 * 60_000 }, () => {
  let folder: string;
  let userData: string;
  let vs: VsCode | undefined;
  const progressFile = (): string => join(userData, 'User', 'globalStorage', 'deepdrill.deepdrill', 'drills', 'progress.json');
  const reviewsOnDisk = (): StoredProgress['reviews'] => (existsSync(progressFile()) ? (JSON.parse(readFileSync(progressFile(), 'utf8')) as StoredProgress).reviews : []);

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'deepdrill-kill-ws-'));
    userData = mkdtempSync(join(tmpdir(), 'deepdrill-kill-user-'));
  });
  after(async () => {
    await vs?.page.screenshot({ path: join(resultsDir(), 'e2e-drill-kill-last.png') }).catch(() => undefined);
    await vs?.dispose();
    rmSync(folder, { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  });

  it('a review shown as scheduled is still there after kill -9 of code-server and its extension host', async () => {
    vs = await startVsCode({ folder, userDataDir: userData });
    const { page } = vs;
    await openDrillsView(page);
    const frame = await startDrill(page, 'ReLU and leaky ReLU', 'relu.ts');
    await checkWithCodeLens(page);
    await frame.locator('#summary.fail').waitFor({ timeout: GRADE_TIMEOUT_MS });

    const practiceFile = join(folder, 'deepdrill-practice', 'relu.ts');
    writeFileSync(practiceFile, `// DeepDrill drill: relu — ReLU and leaky ReLU\n${readFileSync(join(root, 'exercises', 'relu', 'solution.ts'), 'utf8')}`);
    await page.locator('.editor-instance .view-lines', { hasText: 'tf.maximum(x, 0)' }).first().waitFor();
    await checkWithCodeLens(page);
    await frame.locator('#review', { hasText: /Scheduled: next review in .* \(Hard\)/ }).waitFor({ timeout: GRADE_TIMEOUT_MS });

    // The learner has seen it scheduled: kill everything at once.
    const { pids, left } = await vs.kill();
    vs = undefined;
    assert.ok(pids.length >= 2, `the server and its extension host were running (${pids.join(', ')})`);
    assert.deepEqual(left, [], 'nothing of the killed VS Code is left');

    const onDisk = reviewsOnDisk().filter((r) => r.drill === 'relu');
    assert.deepEqual(onDisk.map((r) => r.rating), ['hard'], 'the review is on disk with its rating');

    // Started again on the same user data (and a new browser): the view shows it.
    vs = await startVsCode({ folder, userDataDir: userData });
    await openDrillsView(vs.page);
    await drillRow(vs.page, 'ReLU and leaky ReLU', /^learning · in /).waitFor();
    await vs.page.locator('.monaco-list-row', { hasText: /Today\s*1 reviewed/ }).first().waitFor();
    await vs.page.screenshot({ path: join(resultsDir(), 'e2e-drill-after-kill.png') });
  });

  it('a Check cut short by a kill: the failed Check before it still makes the pass Hard', async () => {
    assert.ok(vs, 'VS Code runs from the test before');
    const { page } = vs;
    // ReLU was passed, so its follower unlocks.
    const frame = await startDrill(page, 'Numerically stable sigmoid', 'stable-sigmoid.ts');
    await checkWithCodeLens(page);
    await frame.locator('#summary.fail').waitFor({ timeout: GRADE_TIMEOUT_MS });

    const practiceFile = join(folder, 'deepdrill-practice', 'stable-sigmoid.ts');
    const solution = `// DeepDrill drill: stable-sigmoid — Numerically stable sigmoid\n${readFileSync(join(root, 'exercises', 'stable-sigmoid', 'solution.ts'), 'utf8')}`;
    writeFileSync(practiceFile, solution);
    await page.locator('.editor-instance .view-lines', { hasText: 'Not implemented yet' }).first().waitFor({ state: 'detached' });
    await checkWithCodeLens(page);
    await frame.locator('#summary.running').waitFor();
    const { left } = await vs.kill();
    vs = undefined;
    assert.deepEqual(left, [], 'the grader died with VS Code');
    assert.deepEqual(reviewsOnDisk().filter((r) => r.drill === 'stable-sigmoid'), [], 'no review yet: the Check never finished');

    vs = await startVsCode({ folder, userDataDir: userData });
    await openDrillsView(vs.page);
    const row = drillRow(vs.page, 'Numerically stable sigmoid', /^in progress/);
    await row.waitFor();
    await row.hover();
    await row.locator('.action-label[aria-label^="Start Drill"]').click();
    // The attempt is there: Continue keeps it.
    const dialog = vs.page.locator('.monaco-dialog-box', { hasText: 'You already have an attempt' });
    await dialog.waitFor();
    await dialog.locator('.monaco-button', { hasText: 'Continue' }).click();
    await vs.page.locator('.tabs-container .tab.active[aria-label^="stable-sigmoid.ts"]').waitFor();
    const again = await webviewFrame(vs.page, '#statement h1');
    await again.locator('#title', { hasText: 'Numerically stable sigmoid' }).waitFor();
    await checkWithCodeLens(vs.page);
    await again.locator('#review', { hasText: /Scheduled: next review in .* \(Hard\)/ }).waitFor({ timeout: GRADE_TIMEOUT_MS });
    assert.deepEqual(reviewsOnDisk().filter((r) => r.drill === 'stable-sigmoid').map((r) => r.rating), ['hard']);
  });
});
