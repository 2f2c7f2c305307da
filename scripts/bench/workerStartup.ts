// Start-up and memory side of `npm run bench`: runs a tiny example through the real worker
// (dist/worker.js, started by the same code as the extension and the CLI) and prints one JSON
// line: when the backend was ready, when the first metrics arrived, and the worker's peak memory.
//
//   node --import tsx scripts/bench/workerStartup.ts [FILE] [BACKEND]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startWorker } from '../../extension/shared/workerProcess';
import type { BackendChoice, BackendName } from '../../extension/shared/workerProtocol';

const root = join(__dirname, '..', '..');

/** Peak resident memory so far (VmHWM) of a process, in MiB; undefined once it is gone. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? join(root, 'examples', 'xor-mlp.ts'));
  const backend = (process.argv[3] ?? 'auto') as BackendChoice;
  let backendMs: number | undefined;
  let firstBatchMs: number | undefined;
  let backendName: BackendName | undefined;
  let detail = '';
  let peak = 0;
  const t0 = performance.now();
  // Sampled on every event as well: VmHWM only grows, so the last reading before exit is the peak.
  let sample = (): void => undefined;
  const run = startWorker(
    { type: 'train', file, source: readFileSync(file, 'utf8'), backend },
    {
      workerPath: join(root, 'dist', 'worker.js'),
      onEvent: (e) => {
        const now = performance.now() - t0;
        if (e.type === 'backend') {
          backendMs = now;
          backendName = e.backend;
          detail = e.detail;
        }
        if (e.type === 'batch' && firstBatchMs === undefined) firstBatchMs = now;
        sample();
      },
    },
  );
  sample = () => {
    peak = Math.max(peak, peakRssMb(run.pid) ?? 0);
  };
  const timer = setInterval(sample, 5);
  const final = await run.done;
  clearInterval(timer);
  console.log(
    JSON.stringify({
      file: file.startsWith(root) ? file.slice(root.length + 1) : file,
      ok: final.type === 'end',
      error: final.type === 'error' ? final.error.message : undefined,
      backend: backendName,
      detail,
      backend_ready_ms: backendMs,
      first_batch_ms: firstBatchMs,
      total_ms: performance.now() - t0,
      peak_rss_mb: peak || undefined,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
