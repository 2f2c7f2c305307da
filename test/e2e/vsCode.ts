// A real VS Code for the end-to-end tests: code-server with DeepDrill loaded from the checkout,
// driven through Debian's chromium by playwright-core. Waits are on selectors and events; the
// timeouts are generous because two cores are shared by everything on the machine.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const UI_TIMEOUT_MS = 60_000;
export const CHROMIUM = process.env.DEEPDRILL_CHROMIUM ?? '/usr/bin/chromium';

export interface VsCode {
  page: Page;
  /** The folder code-server opened. */
  folder: string;
  /** The last lines code-server printed, for failure messages. */
  serverOutput(): string;
  /** Stops chromium and code-server (and everything code-server started). Safe to call twice. */
  dispose(): Promise<void>;
  /**
   * Kills code-server's whole process group (the server, the extension host, and every worker
   * or grader they started) with SIGKILL, as a crash or `kill -9` would, and closes chromium.
   * Resolves once the server process is gone: `pids` were in the group, `left` still are.
   */
  kill(): Promise<{ pids: number[]; left: number[] }>;
}

export interface StartOptions {
  folder: string;
  /** More extensions to place beside DeepDrill: folder name → path. */
  extraExtensions?: Record<string, string>;
  /** Environment of code-server and so of the extension host. */
  env?: Record<string, string>;
  /** Keep workspace trust on, so that the folder opens untrusted (restricted mode). */
  workspaceTrust?: boolean;
  /**
   * VS Code's user data folder (settings, global state, extensions' global storage). Given, it
   * is kept after dispose, so that a second start finds what the first one saved.
   */
  userDataDir?: string;
}

export async function startVsCode(o: StartOptions): Promise<VsCode> {
  const cs = await import('../../scripts/codeServer.mjs');
  const scratch = cs.tempDir('deepdrill-e2e-');
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof cs.launchCodeServer>> | undefined;
  let disposed: Promise<void> | undefined;
  const dispose = (): Promise<void> =>
    (disposed ??= (async () => {
      await browser?.close().catch(() => undefined);
      await server?.dispose();
      rmSync(scratch, { recursive: true, force: true });
    })());
  const kill = async (): Promise<{ pids: number[]; left: number[] }> => {
    const s = server;
    if (!s) return { pids: [], left: [] };
    const group = s.process.pid!;
    const pids = processGroup(group);
    const exited = s.process.exitCode === null && s.process.signalCode === null ? new Promise((r) => s.process.once('exit', r)) : undefined;
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    // The others got the same SIGKILL; a process with many threads takes a moment to go, which
    // no event tells: give them a bounded time.
    let left = processGroup(group);
    for (const deadline = Date.now() + 5000; left.length > 0 && Date.now() < deadline; left = processGroup(group)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await browser?.close().catch(() => undefined);
    await dispose();
    return { pids, left };
  };
  try {
    server = await cs.launchCodeServer({
      userDataDir: o.userDataDir ?? join(scratch, 'user-data'),
      extensionsDir: cs.makeExtensionsDir(join(scratch, 'extensions'), o.extraExtensions),
      folder: o.folder,
      workspaceTrust: o.workspaceTrust ?? false,
      ...(o.env ? { env: o.env } : {}),
    });
    // launch() gives chromium a new, empty profile of its own, and kills it if we die.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(server.url);
    // The seeded dark theme comes from a built-in extension: once it is applied, the
    // extensions (DeepDrill among them) have been registered and their commands can be found.
    await page.locator('.monaco-workbench.vs-dark').waitFor();
    await page.locator('.explorer-folders-view').waitFor();
    const s = server;
    return { page, folder: o.folder, serverOutput: () => s.output.join('\n'), dispose, kill };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Pids of the live processes in process group `group` (from /proc). */
export function processGroup(group: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces:
      // state, ppid, pgrp, …
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && Number(pgrp) === group) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Opens a file of the workspace (or any absolute path) with Quick Open. */
export async function openFile(page: Page, nameOrPath: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(nameOrPath);
  const base = nameOrPath.split('/').pop()!;
  // The row Enter opens: until the typed name has filtered the list, the focused row is the most
  // recently opened file, which may be another one (and the list may hold this name lower down).
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: base }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${base}"]`).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/**
 * Opens the command palette (F1) on `query` and waits for the row `title`. The palette lists
 * the commands known when it opens, so while extensions are still being registered it is
 * closed and opened again (a bounded number of times).
 */
export async function findInPalette(page: Page, query: string, title: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const none = page.locator('.quick-input-list .monaco-list-row', { hasText: 'No matching commands' }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${query}`);
    await row.or(none).waitFor();
    if (await row.isVisible()) return;
    await page.keyboard.press('Escape');
    if (attempt === 10) throw new Error(`the command palette has no "${title}"`);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }
}

/** Runs a command from the command palette, by its full title. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await findInPalette(page, title, title);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * The frame of a webview whose document has `selector`. VS Code nests each webview twice
 * (`iframe.webview` → `#active-frame`), and the frames come and go as panels open.
 */
export async function webviewFrame(page: Page, selector: string, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      if ((await frame.$(selector).catch(() => null)) !== null) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview with ${selector} appeared within ${timeoutMs / 1000} s`);
    // A new or navigated frame is the only way the answer can change.
    // (A frame whose script has not yet built its DOM raises no event: hence the short timeout.)
    const quiet = (): undefined => undefined;
    await Promise.race([
      page.waitForEvent('frameattached', { timeout: 2_000 }).catch(quiet),
      page.waitForEvent('framenavigated', { timeout: 2_000 }).catch(quiet),
    ]);
  }
}

/**
 * Switches the colour theme with Preferences: Color Theme, by its keys (the palette ranks the
 * marketplace's theme browser first), and waits for the workbench to wear it.
 */
export async function setColorTheme(page: Page, name: 'Light Modern' | 'Dark Modern'): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(name === 'Light Modern' ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark').waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Where screenshots go (gitignored). */
export function resultsDir(): string {
  const dir = join(__dirname, '..', '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The hover fades in: a screenshot taken at once shows it half transparent over the code. */
export async function hoverSettled(page: Page): Promise<void> {
  // A string, evaluated in the page: this file is type-checked without the DOM's types.
  await page.waitForFunction("[...document.querySelectorAll('.monaco-hover')].some((h) => getComputedStyle(h).opacity === '1')");
}
