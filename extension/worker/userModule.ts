// Evaluates the transpiled user module as a real ES module (so top-level `await` works) with
// `vm.SourceTextModule`, and answers its imports with the worker's own objects: the same tfjs
// instance whose fit methods are observed, and DeepDrill's helper module.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import { USER_MODULE_ID } from './sourceMap';
import { isServedImport, notServedMessage } from './transpile';

/** What a bare import of the user's code turns into. */
export type ImportServer = (specifier: string) => object;

/**
 * Serves `@tensorflow/tfjs`, `@tensorflow/tfjs-node` and `deepdrill` from the given objects,
 * other `@tensorflow/*` packages and Node built-ins from the worker's own node_modules.
 */
export function makeImportServer(served: { tf: object; tfNode?: object; deepdrill: object }): ImportServer {
  // Resolves from the worker bundle's location, i.e. the extension's node_modules.
  const workerRequire = createRequire(__filename);
  return (specifier) => {
    switch (specifier) {
      case '@tensorflow/tfjs':
        return served.tf;
      case '@tensorflow/tfjs-node':
      case '@tensorflow/tfjs-node-gpu':
        return served.tfNode ?? served.tf;
      case 'deepdrill':
        return served.deepdrill;
    }
    if (!isServedImport(specifier)) throw new Error(notServedMessage(specifier));
    try {
      return workerRequire(specifier) as object;
    } catch {
      throw new Error(notServedMessage(specifier));
    }
  };
}

function exportNamesOf(obj: object): string[] {
  const names = new Set(Object.keys(obj));
  names.add('default');
  return [...names];
}

/**
 * Runs the module to completion of its top-level code (including top-level awaits) and returns
 * its namespace. Throws whatever the user's code throws.
 */
export async function evaluateUserModule(code: string, file: string, serve: ImportServer): Promise<Record<string, unknown>> {
  if (typeof vm.SourceTextModule !== 'function') {
    throw new Error('The worker must run with --experimental-vm-modules');
  }
  const synthetic = new Map<string, vm.SyntheticModule>();
  const moduleFor = (specifier: string): vm.SyntheticModule => {
    let mod = synthetic.get(specifier);
    if (!mod) {
      const obj = serve(specifier);
      const names = exportNamesOf(obj);
      mod = new vm.SyntheticModule(
        names,
        function (this: vm.SyntheticModule) {
          const record = obj as Record<string, unknown>;
          for (const name of names) {
            this.setExport(name, name === 'default' && !('default' in record) ? obj : record[name]);
          }
        },
        { identifier: specifier },
      );
      synthetic.set(specifier, mod);
    }
    return mod;
  };
  const readyModule = async (specifier: string): Promise<vm.SyntheticModule> => {
    const mod = moduleFor(specifier);
    if (mod.status === 'unlinked') await mod.link(() => Promise.reject(new Error('synthetic modules import nothing')));
    if (mod.status === 'linked') await mod.evaluate();
    return mod;
  };

  // esbuild turns a `require('x')` of a served package into a call to a global `require`, which
  // ES modules do not have; give it one that serves the same objects.
  const userRequire = (specifier: string): unknown => serve(specifier);
  (globalThis as { require?: unknown }).require = userRequire;

  const userModule = new vm.SourceTextModule(code, {
    identifier: USER_MODULE_ID,
    initializeImportMeta(meta) {
      meta.url = pathToFileURL(file).href;
    },
    importModuleDynamically: (specifier) => readyModule(specifier),
  });
  await userModule.link((specifier) => Promise.resolve(moduleFor(specifier)));
  await userModule.evaluate();
  return userModule.namespace as Record<string, unknown>;
}
