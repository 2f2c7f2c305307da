// A learner's code can block a child's event loop (a busy loop, a long synchronous kernel). If
// the parent dies meanwhile — the CLI killed by Ctrl-C or SIGKILL, the extension host crashing —
// the child's 'disconnect' handler never runs and it would go on as an orphan. A worker thread
// keeps running while the main thread is blocked: it watches the parent and ends the whole
// process once the parent is gone (the child is then re-parented, so its ppid changes).
import { Worker } from 'node:worker_threads';

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL');
}, workerData.intervalMs);
`;

/** Starts the watchdog; it never keeps the process alive by itself. */
export function exitWhenOrphaned(intervalMs = 250): void {
  const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { parent: process.ppid, intervalMs } });
  watchdog.unref();
}
