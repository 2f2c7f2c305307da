// `npm start`: builds, then opens VS Code with DeepDrill loaded on the sample workspace
// `examples/`. Uses the desktop `code` when it is on PATH; otherwise starts code-server on
// 127.0.0.1 (installed on demand into a cache folder) and prints the address to open, staying
// in the foreground until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer, launchCodeServer, makeExtensionsDir, repoRoot, tempDir } from './codeServer.mjs';

const examples = join(repoRoot, 'examples');

const build = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')], { stdio: 'inherit', cwd: repoRoot });
if (build.status !== 0) process.exit(build.status ?? 1);

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (onPath('code') && !process.env.DEEPDRILL_CODE_SERVER) {
  const code = spawn('code', ['--extensionDevelopmentPath', repoRoot, examples], { stdio: 'inherit' });
  code.on('exit', (status) => process.exit(status ?? 0));
} else {
  ensureCodeServer();
  // A fresh profile each time, so the checkout is the only DeepDrill it sees; the Ctrl-C
  // handler removes it.
  const scratch = tempDir('deepdrill-start-');
  const server = await launchCodeServer({
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    userDataDir: join(scratch, 'user-data'),
    extensionsDir: makeExtensionsDir(join(scratch, 'extensions')),
    folder: examples,
  });
  console.log(`\nDeepDrill is running in VS Code (code-server). Open this in your browser:\n\n  ${server.url}\n\nPress Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server…');
    await server.dispose();
    rmSync(scratch, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (status, signal) => {
    if (stopping) return;
    console.error(`code-server stopped (${status ?? signal})`);
    rmSync(scratch, { recursive: true, force: true });
    process.exit(1);
  });
}
