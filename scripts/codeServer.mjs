// A real VS Code for `npm start` and the end-to-end tests: code-server, installed on demand into
// a cache folder (the way @vscode/test-electron downloads VS Code), never a dependency of the
// extension. Runs only on 127.0.0.1, without auth.
//
//   node scripts/codeServer.mjs            installs (if needed) and prints the code-server path
//
// The cache is $DEEPDRILL_CACHE, else $XDG_CACHE_HOME/deepdrill, else ~/.cache/deepdrill.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
/** The folder name VS Code gives an installed extension: publisher.name-version. */
export const extensionFolderName = `${manifest.publisher}.${manifest.name}-${manifest.version}`;

export function cacheRoot() {
  if (process.env.DEEPDRILL_CACHE) return resolve(process.env.DEEPDRILL_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'deepdrill');
}

function installDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

function binPath(dir) {
  return join(dir, 'node_modules', '.bin', 'code-server');
}

/**
 * code-server writes a default config (with a password) on first run unless given one: keep
 * ours in the cache instead of the user's ~/.config. Command-line flags override it.
 */
function configFile() {
  const file = join(cacheRoot(), 'code-server-config.yaml');
  if (!existsSync(file)) {
    mkdirSync(cacheRoot(), { recursive: true });
    writeFileSync(file, 'bind-addr: 127.0.0.1:8080\nauth: none\ncert: false\n');
  }
  return file;
}

/** The version line `code-server --version` prints, if the binary runs. */
function versionOf(bin) {
  if (!existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--config', configFile(), '--version'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\n').find((line) => /^\d+\.\d+\.\d+ /.test(line));
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}); see the output above`);
  }
}

/**
 * Returns the path of a working code-server binary, installing it into the cache first if it is
 * not there yet. The install goes to a private folder that is renamed into place once it works,
 * so two runs at once, or one that was interrupted, never leave a half-installed cache.
 */
export function ensureCodeServer({ log = (m) => console.error(m) } = {}) {
  const dir = installDir();
  if (existsSync(binPath(dir)) && versionOf(binPath(dir))?.startsWith(CODE_SERVER_VERSION)) {
    return binPath(dir);
  }
  log(`deepdrill: installing code-server ${CODE_SERVER_VERSION} into ${dir} (once; a few minutes)`);
  mkdirSync(cacheRoot(), { recursive: true });
  const work = mkdtempSync(join(cacheRoot(), `.code-server-${CODE_SERVER_VERSION}-`));
  try {
    // The seeded ripgrep tarball is looked up under os.tmpdir(): give the install its own.
    const tmp = join(work, '.tmp');
    mkdirSync(tmp);
    const env = {
      ...process.env,
      TMPDIR: tmp,
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      // The rebuild below must run install scripts whatever the user's npm config says.
      npm_config_ignore_scripts: 'false',
      // node-gyp would download Node's headers for the native modules; use the installed ones.
      ...nodeHeadersConfig(),
    };
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'deepdrill-code-server', private: true }));
    // First without scripts, to learn which @vscode/ripgrep VS Code pins before its install
    // script runs: that script downloads `rg` from a host that can't be reached here.
    run('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: work, env });
    seedRipgrep(join(work, 'node_modules', 'code-server'), tmp);
    // Runs code-server's postinstall, which installs VS Code's own dependencies (native ones
    // are built here, hence libkrb5-dev and pkg-config).
    run('npm', ['rebuild', '--foreground-scripts'], { cwd: work, env });
    const version = versionOf(binPath(work));
    if (!version?.startsWith(CODE_SERVER_VERSION)) {
      throw new Error(`the installed code-server does not run (code-server --version gave ${JSON.stringify(version)})`);
    }
    rmSync(tmp, { recursive: true, force: true });
    try {
      renameSync(work, dir);
    } catch (e) {
      // Another run finished first; keep its copy if it works.
      if (!versionOf(binPath(dir))?.startsWith(CODE_SERVER_VERSION)) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`deepdrill: code-server ${CODE_SERVER_VERSION} ready`);
  return binPath(dir);
}

/** Puts Debian's `rg` where @vscode/ripgrep's postinstall looks for its cached download. */
function seedRipgrep(codeServerDir, tmp) {
  const shrinkwrap = JSON.parse(readFileSync(join(codeServerDir, 'lib', 'vscode', 'npm-shrinkwrap.json'), 'utf8'));
  const rgVersion = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!rgVersion) throw new Error('cannot find the @vscode/ripgrep version that code-server pins');
  const rg = ['/usr/bin/rg', '/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep is missing: apt-get install ripgrep');
  // Asset name and folder as in @vscode/ripgrep's lib/postinstall.js and lib/download.js:
  // ripgrep-<VERSION>-<target>.tar.gz in <tmpdir>/vscode-ripgrep-cache-<package version>, with
  // `rg` at the top of the archive.
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[process.arch];
  if (!target) throw new Error(`no ripgrep target known for ${process.arch}`);
  const cache = join(tmp, `vscode-ripgrep-cache-${rgVersion}`);
  mkdirSync(cache, { recursive: true });
  run('tar', ['-czf', join(cache, `ripgrep-v13.0.0-10-${target}.tar.gz`), '-C', dirname(rg), 'rg'], {});
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

function httpStatus(url) {
  return new Promise((resolveStatus) => {
    const req = get(url, (res) => {
      res.resume();
      resolveStatus(res.statusCode ?? 0);
    });
    req.on('error', () => resolveStatus(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** User settings for a quiet VS Code that opens straight to the workspace. */
export const seededSettings = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/**
 * Makes an extensions folder holding the checkout (by a symlink, so the extension runs from
 * the working tree) plus any `extra` extension folders, keyed by their folder name.
 */
export function makeExtensionsDir(dir, extra = {}) {
  mkdirSync(dir, { recursive: true });
  symlinkSync(repoRoot, join(dir, extensionFolderName), 'dir');
  for (const [name, target] of Object.entries(extra)) symlinkSync(target, join(dir, name), 'dir');
  return dir;
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers HTTP.
 *
 * @param {object} o
 * @param {number} [o.port] default: a free port
 * @param {string} o.userDataDir seeded with `seededSettings` (+ `settings`) unless it has settings
 * @param {string} o.extensionsDir e.g. from makeExtensionsDir()
 * @param {string} o.folder the workspace folder to open
 * @param {Record<string, string>} [o.env] added to the server's (and so the extension host's) env
 * @param {Record<string, unknown>} [o.settings] more user settings
 * @param {boolean} [o.workspaceTrust] false: start with workspace trust turned off (all trusted)
 * @param {(line: string) => void} [o.onOutput] code-server's stdout/stderr lines
 * @param {number} [o.timeoutMs] how long to wait for it to answer (default 60 s)
 * @returns {Promise<{ url: string, port: number, process: import('node:child_process').ChildProcess, dispose: () => Promise<void> }>}
 */
export async function launchCodeServer(o) {
  const bin = ensureCodeServer();
  const port = o.port ?? (await freePort());
  const settingsFile = join(o.userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, JSON.stringify({ ...seededSettings, ...o.settings }, null, 2));
  }
  const args = [
    '--config',
    configFile(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    o.userDataDir,
    '--extensions-dir',
    o.extensionsDir,
    ...(o.workspaceTrust === false ? ['--disable-workspace-trust'] : []),
    o.folder,
  ];
  // Its own process group, so that dispose() ends the extension host and any training worker
  // with it.
  const child = spawn(bin, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...o.env },
  });
  const output = [];
  const onData = (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      o.onOutput?.(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'exit');

  let disposed;
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // The server is in its own process group, so a Ctrl-C at the terminal does not reach it:
  // take it down when this process ends, and on a signal nobody else handles.
  const onParentExit = () => killGroup('SIGKILL');
  const onSignal = (signal) => {
    if (process.listenerCount(signal) > 1) return;
    killGroup('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', onParentExit);
  for (const s of signals) process.on(s, onSignal);
  const dispose = () => {
    disposed ??= (async () => {
      process.off('exit', onParentExit);
      for (const s of signals) process.off(s, onSignal);
      if (child.exitCode === null && child.signalCode === null) {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      // The extension host may outlive the server by a moment.
      killGroup('SIGKILL');
    })();
    return disposed;
  };

  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(o.folder)}`;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`code-server exited before it answered:\n${output.join('\n')}`);
      }
      if ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200) break;
      if (Date.now() > deadline) throw new Error(`code-server did not answer on port ${port}:\n${output.join('\n')}`);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 250))]);
    }
  } catch (e) {
    await dispose();
    throw e;
  }
  return { url, port, process: child, output, dispose };
}

/** A fresh temporary folder (removed by the caller). */
export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensureCodeServer());
}

/**
 * Points node-gyp at the headers of the running Node when they are installed beside it (as
 * Debian's nodejs and the official tarballs do), so building code-server's native modules
 * needs no download; otherwise leaves the user's npm configuration alone.
 */
function nodeHeadersConfig() {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? { npm_config_nodedir: prefix } : {};
}
