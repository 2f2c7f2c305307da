// `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')` without
// @tensorflow/tfjs-node. Node scripts end with these two calls; tfjs-node registers the
// `file://` scheme, and DeepDrill serves `@tensorflow/tfjs-node` as plain tfjs where tfjs-node
// cannot install, which has no handler for it. Written here because no npm package provides the
// handler apart from tfjs-node itself; the files are those tfjs-node writes (model.json beside
// weights.bin), so either can read what the other saved.

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type io = typeof tfTypes.io;

const SCHEME = 'file://';
const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/** `file://dir` or `file:///abs/dir` → a path (relative paths start at the worker's folder, as in tfjs-node). */
function pathOf(url: string): string {
  return resolve(url.slice(SCHEME.length));
}

class FileHandler implements tfTypes.io.IOHandler {
  constructor(
    private readonly tf: Tf,
    private readonly path: string,
  ) {}

  async save(artifacts: tfTypes.io.ModelArtifacts): Promise<tfTypes.io.SaveResult> {
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new Error('DeepDrill saves Layers models to file:// only (a graph model was given).');
    }
    // Like tfjs-node: the URL names a folder, which gets model.json and weights.bin.
    const folder = this.path;
    await mkdir(folder, { recursive: true });
    const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : this.tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const modelJson: tfTypes.io.ModelJSON = {
      modelTopology: artifacts.modelTopology as tfTypes.io.ModelJSON['modelTopology'],
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    };
    await writeFile(join(folder, WEIGHTS_BIN), Buffer.from(weights));
    await writeFile(join(folder, MODEL_JSON), JSON.stringify(modelJson));
    return { modelArtifactsInfo: this.tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }

  async load(): Promise<tfTypes.io.ModelArtifacts> {
    // tfjs-node accepts the model.json itself; a folder is read as its model.json.
    const file = (await stat(this.path).catch(() => undefined))?.isDirectory() ? join(this.path, MODEL_JSON) : this.path;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new Error(`No model at ${file}: save one there first with model.save('file://${dirname(file)}').`);
    }
    const modelJson = JSON.parse(text) as tfTypes.io.ModelJSON;
    const folder = dirname(file);
    return this.tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const buffers = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readFile(join(folder, p))));
      const bytes = Buffer.concat(buffers);
      return [specs, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)];
    });
  }
}

/** Registers the `file://` scheme for saving and loading, unless a handler for it exists (tfjs-node's). */
export function registerFileIo(tf: Tf): void {
  const probe = `${SCHEME}${process.cwd()}`;
  const ioApi: io = tf.io;
  if (ioApi.getSaveHandlers(probe).length > 0) return;
  // tfjs's routers answer null for a URL that is not theirs, though its typings say otherwise.
  const router = ((url: string | string[]) =>
    typeof url === 'string' && url.startsWith(SCHEME) ? new FileHandler(tf, pathOf(url)) : null) as unknown as Parameters<io['registerSaveRouter']>[0];
  ioApi.registerSaveRouter(router);
  ioApi.registerLoadRouter(router);
}
