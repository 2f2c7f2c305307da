// TypeScript server plugin (dist/tsPlugin.js). DeepDrill serves `@tensorflow/tfjs`,
// `@tensorflow/tfjs-node` and `deepdrill` to a learner's file at run time from the extension's
// own copies, so the learner's folder has no node_modules and the editor would mark every such
// import "Cannot find module" (2307) and offer no completions. This plugin gives the editor the
// same modules the worker serves, in any folder, without writing anything into it: when one of
// those imports does not resolve the usual way, it resolves to the extension's declarations.
// A folder that has its own copy (e.g. its own node_modules/@tensorflow/tfjs) keeps it.
//
// VS Code starts it for every TS/JS project through `contributes.typescriptServerPlugins` in
// package.json: tsserver loads it by name from the extension's node_modules, where npm links
// the package folder extension/tsPlugin (its package.json `main` points back at this bundle).
// It runs inside tsserver, so it must never throw: failures are logged to the TS server log
// (`TypeScript: Open TS Server log`) and the host is left as it was.
import { existsSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type * as ts from 'typescript';

/** The extension folder: this bundle is dist/tsPlugin.js. */
const extensionRoot = join(__dirname, '..');

/** Declarations of the `deepdrill` module, generated from extension/worker/userApi.ts by the build. */
const userApiTypes = join(extensionRoot, 'dist', 'types', 'worker', 'userApi.d.ts');

type Log = (message: string) => void;

function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const typescript = modules.typescript;
  return {
    create(info) {
      const log: Log = (message) => info.project.projectService.logger.info(`[deepdrill] ${message}`);
      try {
        patchResolution(typescript, info.languageServiceHost, log);
      } catch (err) {
        log(`module resolution left unchanged: ${String(err)}`);
      }
      return info.languageService;
    },
  };
}

function patchResolution(typescript: typeof ts, host: ts.LanguageServiceHost, log: Log): void {
  const fallback = createFallback(typescript, log);
  // TS ≥ 5.0 asks the host for resolveModuleNameLiterals; older servers for resolveModuleNames.
  // Both run the project's own resolution first (with its caches and file watchers, so a folder
  // that later installs tfjs switches to its own copy) and only fill in what failed.
  const literals = host.resolveModuleNameLiterals?.bind(host);
  if (literals) {
    host.resolveModuleNameLiterals = (moduleLiterals, containingFile, ...rest) => {
      const results = literals(moduleLiterals, containingFile, ...rest);
      return results.map((result, i) => {
        if (result.resolvedModule) return result;
        const literal = moduleLiterals[i];
        const resolvedModule = literal && fallback(literal.text, containingFile);
        return resolvedModule ? { ...result, resolvedModule } : result;
      });
    };
  }
  const names = host.resolveModuleNames?.bind(host);
  if (names) {
    host.resolveModuleNames = (moduleNames, containingFile, ...rest) => {
      const results = names(moduleNames, containingFile, ...rest);
      return results.map((result, i) => result ?? fallback(moduleNames[i] ?? '', containingFile));
    };
  }
  log(`serving @tensorflow/tfjs, @tensorflow/tfjs-node and deepdrill from ${extensionRoot}`);
}

/**
 * Returns a resolver for imports the project could not resolve: DeepDrill's modules, and the
 * imports inside their declarations (tfjs → tfjs-core, …) when the project's settings cannot
 * follow node_modules there (e.g. `moduleResolution: classic`). Never throws.
 */
function createFallback(typescript: typeof ts, log: Log): (name: string, containingFile: string) => ts.ResolvedModuleFull | undefined {
  // Resolved as if imported from a file of the extension, with Node's lookup, whatever the
  // learner's compiler options are: these are the copies the worker loads.
  const options: ts.CompilerOptions = { moduleResolution: typescript.ModuleResolutionKind.Node10 };
  const fromExtension = (name: string, containingFile = join(extensionRoot, 'index.ts')): ts.ResolvedModuleFull | undefined =>
    typescript.resolveModuleName(name, containingFile, options, typescript.sys).resolvedModule;

  const served = new Map<string, ts.ResolvedModuleFull | undefined>();
  const resolveServed = (name: string): ts.ResolvedModuleFull | undefined => {
    switch (name) {
      case '@tensorflow/tfjs':
        return fromExtension(name);
      case '@tensorflow/tfjs-node':
        // tfjs-node is optional; without it the worker still serves this import with tfjs's
        // API, so its types are tfjs's (only the `tf.node` helpers are then untyped).
        return fromExtension(name) ?? fromExtension('@tensorflow/tfjs');
      case 'deepdrill':
        if (existsSync(userApiTypes)) return { resolvedFileName: userApiTypes, extension: typescript.Extension.Dts, isExternalLibraryImport: true };
        log(`no ${userApiTypes}: run the build to generate the types of 'deepdrill'`);
        return undefined;
      default:
        return undefined;
    }
  };

  return (name, containingFile) => {
    try {
      if (name === '@tensorflow/tfjs' || name === '@tensorflow/tfjs-node' || name === 'deepdrill') {
        if (!served.has(name)) served.set(name, resolveServed(name));
        return served.get(name);
      }
      return isInside(extensionRoot, containingFile) ? fromExtension(name, containingFile) : undefined;
    } catch (err) {
      log(`could not resolve '${name}' from ${containingFile}: ${String(err)}`);
      return undefined;
    }
  };
}

function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

// tsserver calls the module itself as the plugin factory, so this is the one place the project
// uses `export =` instead of a named export.
export = init;
