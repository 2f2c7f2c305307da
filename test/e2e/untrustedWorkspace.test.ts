// In an untrusted workspace DeepDrill runs no code from it: Train says why and starts nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openFile, resultsDir, runFromPalette, startVsCode, type VsCode } from './vsCode';

const folder = join(__dirname, '..', 'fixtures', 'e2e');

describe('Train Current Model in an untrusted workspace', { timeout: 5 * 60_000 }, () => {
  let vs: VsCode;

  before(async () => {
    vs = await startVsCode({ folder, workspaceTrust: true });
  });
  after(async () => {
    await vs?.dispose();
  });

  it('refuses to run the file, says why, and opens no metrics panel', async () => {
    const { page } = vs;
    await openFile(page, 'xor.ts');
    await runFromPalette(page, 'DeepDrill: Train Current Model');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /not trusted/ });
    await toast.waitFor();
    assert.match(await toast.innerText(), /nothing was run/i);
    await page.screenshot({ path: join(resultsDir(), 'e2e-untrusted.png') });
    assert.equal(await page.locator('iframe.webview').count(), 0, 'no metrics panel was opened');
    assert.equal(await page.locator('.statusbar-item', { hasText: /DeepDrill/ }).count(), 0, 'no run appears in the status bar');
  });
});
