// The data-parallel replica: a worker_threads thread of the training worker with its own tfjs
// and wasm backend (DeepDrill's kernels included, through the same `initBackend`). It rebuilds
// the model being trained from its JSON, and for every step computes the loss, metrics and
// gradients of its half of the batch with tfjs's own train function, at the weights the main
// thread sends; it never updates weights itself. See dataParallel.ts for the main side.
import type * as tfType from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import { CTRL, MAX_MODELS, isMainToReplica, type ReplicaToMain, type SetupMessage, type Slot, type StepMessage } from './dataParallelProtocol';
import { initBackend } from './backend';

type Tf = typeof tfType;
type TrainFunction = (data: tfType.Tensor[]) => tfType.Scalar[];
interface Trainable {
  collectedTrainableWeights: { read(): tfType.Variable; shape: number[] }[];
  optimizer_: tfType.Optimizer & { minimize: tfType.Optimizer['minimize'] };
  makeTrainFunction(): TrainFunction;
}

interface Replica {
  id: number;
  model: tfType.LayersModel;
  train: TrainFunction;
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('dataParallelReplica runs as a worker thread of the training worker');
  const { ctrl } = (require('node:worker_threads') as typeof import('node:worker_threads')).workerData as { ctrl: Int32Array };
  const tf = require('@tensorflow/tfjs') as Tf;
  const ready = initBackend(tf, 'wasm');
  // In the order they were set up.
  const replicas = new Map<number, Replica>();
  let buffer: SharedArrayBuffer | undefined;
  const send = (m: ReplicaToMain) => port.postMessage(m);

  port.on('message', (m: unknown) => {
    if (!isMainToReplica(m)) return;
    if (m.type === 'setup') {
      void setup(tf, ready, m).then(
        (r) => {
          const drop = (id: number) => {
            replicas.get(id)?.model.dispose();
            replicas.delete(id);
          };
          if (m.replaces !== undefined) drop(m.replaces);
          replicas.set(m.id, r);
          // The oldest first, as the main thread drops them.
          const ids = [...replicas.keys()].sort((a, b) => a - b);
          while (replicas.size > MAX_MODELS) drop(ids.shift() as number);
          Atomics.store(ctrl, CTRL.ready, m.id);
          Atomics.notify(ctrl, CTRL.ready);
          send({ type: 'ready', id: m.id });
        },
        (e: unknown) => {
          Atomics.store(ctrl, CTRL.ready, -m.id);
          Atomics.notify(ctrl, CTRL.ready);
          send({ type: 'setupFailed', id: m.id, reason: firstLine(e) });
        },
      );
      return;
    }
    if (m.buffer) buffer = m.buffer;
    const startedAt = performance.now();
    let failed = 0;
    try {
      const replica = replicas.get(m.model);
      if (!replica || !buffer) throw new Error(`model ${m.model} is not set up`);
      step(tf, replica, buffer, m);
    } catch (e) {
      failed = 1;
      send({ type: 'stepFailed', id: m.seq, reason: firstLine(e) });
    }
    Atomics.store(ctrl, CTRL.failed, failed);
    Atomics.store(ctrl, CTRL.numTensors, tf.memory().numTensors);
    Atomics.store(ctrl, CTRL.stepMicros, Math.round((performance.now() - startedAt) * 1000));
    Atomics.store(ctrl, CTRL.done, m.seq);
    Atomics.notify(ctrl, CTRL.done);
  });
}

function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0];
}

async function setup(tf: Tf, ready: ReturnType<typeof initBackend>, m: SetupMessage): Promise<Replica> {
  const init = await ready;
  if (!init.ok) throw new Error(init.error.message);
  const model = await tf.models.modelFromJSON({ modelTopology: m.topology } as tfType.io.ModelJSON);
  try {
    // The optimizer is never used: gradients go back to the main thread, whose optimizer applies them.
    model.compile({ optimizer: 'sgd', loss: m.loss as string, metrics: m.metrics as string[] | undefined });
    const t = model as unknown as Trainable;
    const same = (a: number[][], b: number[][]) => a.length === b.length && a.every((s, i) => s.join() === b[i].join());
    if (!same(model.weights.map((w) => w.shape as number[]), m.weightShapes) || !same(t.collectedTrainableWeights.map((w) => w.shape), m.trainableShapes)) {
      throw new Error('the rebuilt model has different weights');
    }
    return { id: m.id, model, train: t.makeTrainFunction() };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

function view(buffer: SharedArrayBuffer, s: Slot): Float32Array | Int32Array {
  const size = s.shape.reduce((a, b) => a * b, 1);
  return s.dtype === 'int32' ? new Int32Array(buffer, s.offset, size) : new Float32Array(buffer, s.offset, size);
}

function step(tf: Tf, r: Replica, buffer: SharedArrayBuffer, m: StepMessage): void {
  const weights = r.model.weights;
  if (m.weights.length !== weights.length) throw new Error('weight count mismatch');
  tf.tidy(() => {
    weights.forEach((w, i) => w.write(tf.tensor(view(buffer, { offset: m.weights[i], shape: w.shape as number[], dtype: 'float32' }).slice(), w.shape as number[])));
  });
  const t = r.model as unknown as Trainable;
  const opt = t.optimizer_;
  // tfjs's train function ends in optimizer.minimize; here it computes the gradients only.
  opt.minimize = ((f: () => tfType.Scalar, _returnCost?: boolean, varList?: tfType.Variable[]) => {
    const { value, grads } = tf.variableGrads(f, varList);
    (varList ?? []).forEach((v, i) => {
      const g = grads[v.name];
      new Float32Array(buffer, m.grads[i], g.size).set(g.dataSync() as Float32Array);
    });
    tf.dispose(grads);
    return value;
  }) as typeof opt.minimize;
  const data = m.data.map((s) => (s ? tf.tensor(view(buffer, s).slice(), s.shape, s.dtype) : null));
  let outs: tfType.Scalar[] = [];
  try {
    outs = r.train(data as tfType.Tensor[]);
    const values = new Float32Array(buffer, m.outs, outs.length);
    outs.forEach((o, i) => (values[i] = o.dataSync()[0]));
  } finally {
    delete (opt as Partial<typeof opt>).minimize;
    tf.dispose(outs);
    tf.dispose(data.filter((t): t is tfType.Tensor => t !== null));
  }
}

main();
