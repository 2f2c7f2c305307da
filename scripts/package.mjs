#!/usr/bin/env node
// Packages the extension as a .vsix for the platform it is built on. The worker transpiles the
// learner's TypeScript with esbuild, whose native binary comes from a per-platform package
// (@esbuild/<platform>-<arch>) that npm installs for this machine only: the .vsix is marked
// with that target, so VS Code never installs it where the binary cannot run.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARCH = { x64: 'x64', arm64: 'arm64', arm: 'armhf' };
const PLATFORM = { linux: 'linux', darwin: 'darwin', win32: 'win32' };
const platform = PLATFORM[process.platform];
const arch = ARCH[process.arch];
if (!platform || !arch) {
  console.error(`package: VS Code has no extension target for ${process.platform}-${process.arch}.`);
  process.exit(1);
}
const target = `${platform}-${arch}`;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);
run(process.execPath, [
  join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--target',
  target,
  '--follow-symlinks',
  '--allow-missing-repository',
  '--skip-license',
  '--no-rewrite-relative-links',
  '--out',
  `deepdrill-${target}.vsix`,
]);
