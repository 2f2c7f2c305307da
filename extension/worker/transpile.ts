// Turns the user's file (TypeScript or JavaScript, possibly unsaved) into one ES module with a
// source map. esbuild bundles the user's own relative imports; the packages DeepDrill serves
// stay as bare imports, which the module linker (userModule.ts) answers with the worker's copies.

import * as esbuild from 'esbuild';
import { builtinModules, createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { RunError } from '../shared/workerProtocol';

/** Bare imports the user's code may use; everything else bare is refused with a clear message. */
export function isServedImport(specifier: string): boolean {
  return (
    specifier === 'deepdrill' ||
    specifier === '@tensorflow/tfjs' ||
    specifier.startsWith('@tensorflow/') ||
    specifier.startsWith('node:') ||
    builtinModules.includes(specifier)
  );
}

/** The packages the import server answers itself, installed or not. */
const ALWAYS_SERVED = new Set(['deepdrill', '@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);

/**
 * Whether a served-looking import will really be found at run time. Other `@tensorflow/*`
 * packages come from the extension's own node_modules, which hold only some of them
 * (tfjs-vis, for one, is not there): checking here lets the error point at the import line.
 */
export function canServeImport(specifier: string): boolean {
  if (!isServedImport(specifier)) return false;
  if (ALWAYS_SERVED.has(specifier) || !specifier.startsWith('@tensorflow/')) return true;
  try {
    createRequire(__filename).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** What to do instead, for the packages learners most often bring from browser tutorials. */
function notServedHint(pkg: string): string {
  if (pkg === '@tensorflow/tfjs-vis') {
    return "DeepDrill's metrics panel already charts every fit, live: remove the tfjs-vis import and its callbacks.";
  }
  return 'Use the datasets from `deepdrill` and tfjs itself, or copy the code you need into a file next to this one and import it with a relative path.';
}

export function notServedMessage(specifier: string): string {
  return `DeepDrill serves @tensorflow/tfjs and deepdrill; '${specifier}' is not available`;
}

export interface TranspiledModule {
  code: string;
  /** The source map of `code`, as JSON text. */
  map: string;
  /** The path the map's relative `sources` are resolved against. */
  mapFile: string;
}

function loaderFor(file: string): esbuild.Loader {
  switch (extname(file).toLowerCase()) {
    case '.js':
    case '.mjs':
    case '.cjs':
      return 'js';
    case '.jsx':
      return 'jsx';
    case '.tsx':
      return 'tsx';
    default:
      return 'ts';
  }
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export async function transpileUserFile(
  file: string,
  source: string,
): Promise<{ ok: true; module: TranspiledModule } | { ok: false; error: RunError }> {
  const dir = dirname(file);
  // esbuild works in the folder's real path; `userPath` turns what it reports back into the
  // paths the user knows, which differ when the folder is reached through a symlink.
  const realDir = realpathOr(dir);
  const userPath = userPathsIn(dir);
  // Never written: esbuild needs an output path to make the map's `sources` relative to.
  const outfile = join(realDir, '.deepdrill-user.mjs');
  const servedOnly: esbuild.Plugin = {
    name: 'deepdrill-served-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const p = args.path;
        if (p.startsWith('.') || isAbsolute(p)) return undefined;
        if (canServeImport(p)) return { path: p, external: true };
        return { errors: [{ text: notServedMessage(packageName(p)) }] };
      });
    },
  };
  try {
    const result = await esbuild.build({
      stdin: { contents: source, resolveDir: realDir, sourcefile: file, loader: loaderFor(file) },
      absWorkingDir: realDir,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      sourcemap: 'external',
      sourcesContent: false,
      keepNames: true,
      logLevel: 'silent',
      // The user's tsconfig may target anything; the runtime decides how the code is emitted.
      tsconfigRaw: {},
      define: { __filename: JSON.stringify(file), __dirname: JSON.stringify(dir) },
      plugins: [servedOnly],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    if (!js || !map) throw new Error('esbuild produced no output');
    const mapJson = JSON.parse(map.text) as { sources: string[] };
    mapJson.sources = mapJson.sources.map(userPath);
    return { ok: true, module: { code: js.text, map: JSON.stringify(mapJson), mapFile: outfile } };
  } catch (err) {
    return { ok: false, error: buildFailureToRunError(err, file, userPath) };
  }
}

function realpathOr(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Maps a path esbuild reports (relative to the real path of `dir`) to an absolute path the user
 * knows: files inside the real folder are named through `dir`, as the user opened them.
 */
export function userPathsIn(dir: string): (reported: string) => string {
  const realDir = realpathOr(dir);
  return (reported) => {
    const abs = resolve(realDir, reported);
    const inside = relative(realDir, abs);
    return inside.startsWith('..') || isAbsolute(inside) ? abs : join(dir, inside);
  };
}

function isBuildFailure(err: unknown): err is esbuild.BuildFailure {
  return typeof err === 'object' && err !== null && Array.isArray((err as { errors?: unknown }).errors);
}

function buildFailureToRunError(err: unknown, file: string, userPath: (reported: string) => string): RunError {
  if (!isBuildFailure(err) || err.errors.length === 0) {
    return { kind: 'syntax', message: `Could not transpile the file: ${String(err)}`, file };
  }
  const first = err.errors[0];
  const loc = first.location;
  // esbuild names files, the stdin one by its `sourcefile` included, relative to absWorkingDir.
  const where = loc ? userPath(loc.file) : file;
  const more = err.errors.length > 1 ? ` (and ${err.errors.length - 1} more error${err.errors.length > 2 ? 's' : ''})` : '';
  const notServed = /^DeepDrill serves .*; '(.+)' is not available$/.exec(first.text);
  return {
    kind: 'syntax',
    message: first.text + more,
    file: where,
    line: loc?.line,
    column: loc ? loc.column + 1 : undefined,
    hint: notServed ? notServedHint(notServed[1]) : undefined,
  };
}
