// Data-parallel training on two threads for the wasm backend, which uses one core in Node.
//
// tfjs's `fit` and `fitDataset` get their per-batch step from `LayersModel.makeTrainFunction()`
// and call it synchronously. That method is wrapped here: the returned step splits each batch
// in two, a worker_threads replica (its own tfjs, wasm backend and DeepDrill kernels, the model
// rebuilt from its JSON, weights copied from this thread before every step) computes the loss,
// metrics and gradients of the second half with tfjs's own train function, while this thread
// runs the model's own train function on the first half with `optimizer.minimize` redirected
// for that call: it averages the two halves' gradients (weighted by their sizes; every loss
// is a mean over samples, so this is the full batch's gradient) and applies them with the
// model's own optimizer. Loss and metrics are averaged the same way. fit's loop, callbacks,
// validation, history and the fit observer are tfjs's own and see nothing different.
//
// Whenever replication is not known to be exact (layers whose training output depends on the
// whole batch, stateful RNNs, custom losses or metrics, dtypes other than float32/int32, tiny
// batches) or the replica is not ready or fails, the step runs on this thread as before.
import type * as tfType from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { kernelThreadsWanted } from './kernels/kernelThreads';
import { CTRL, CTRL_SLOTS, MAX_MODELS, isReplicaToMain, type MainToReplica, type Slot, type StepMessage } from './dataParallelProtocol';

type Tf = typeof tfType;
type TrainFunction = (data: tfType.Tensor[]) => tfType.Scalar[];
/** The parts of tfjs's LayersModel used here that its typings keep private. */
interface Trainable {
  collectedTrainableWeights?: { shape: number[] }[];
  optimizer_?: tfType.Optimizer;
  metricsTensors?: unknown[];
  loss?: unknown;
  metrics?: unknown;
  makeTrainFunction(): TrainFunction;
}

/**
 * Which models split their batches: `all` (DEEPDRILL_DATA_PARALLEL=1), or only those with a
 * convolutional layer (the default where the kernels' helper thread is off, kernels/kernelThreads.ts;
 * with it on, the default is none: the helper uses the second core better, docs/benchmarks.md).
 * Measured on an idle 2-core machine before the helper existed: the seed CNN trained ≈ 1.4×
 * faster split, an MLP not at all (its step is short: Adam, fit's own work and the copies are
 * not split), while the replica costs ≈ 80 MiB and more CPU per sample.
 */
export type DataParallelPolicy = 'all' | 'convolutional';
/** Without DEEPDRILL_DATA_PARALLEL: `off` would train every model on one thread. */
export const DEFAULT_DATA_PARALLEL: DataParallelPolicy | 'off' = 'convolutional';
/** The layers whose models split by default: their steps are long enough to gain from it. */
const CONVOLUTIONAL_LAYERS = new Set(['Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);
/** Each half of a batch has at least this many samples; smaller batches train on one thread. */
export const MIN_HALF_BATCH = 8;
/**
 * Whether two threads are really running at once. Splitting costs ≈ 10–25 % more CPU per sample,
 * so when the process gets less than MIN_CORES_USED cores' worth of CPU time per wall-clock
 * second over WINDOW_STEPS split steps (the machine's other core is busy), the next PAUSE_STEPS
 * steps run on one thread, then it measures again. Only time inside steps counts, so pauses
 * between fits or epochs do not.
 */
export class CoreWatch {
  static readonly WINDOW_STEPS = 10;
  static readonly PAUSE_STEPS = 100;
  static readonly MIN_CORES_USED = 1.2;
  private steps = 0;
  private cpuMs = 0;
  private wallMs = 0;
  private paused = 0;

  /** Whether to split the next step; counts down a pause. */
  split(): boolean {
    if (this.paused === 0) return true;
    this.paused--;
    return false;
  }

  /** One split step's process CPU time (all threads) and wall time. Returns the cores used when a window closes. */
  record(cpuMs: number, wallMs: number): number | undefined {
    this.steps++;
    this.cpuMs += cpuMs;
    this.wallMs += wallMs;
    if (this.steps < CoreWatch.WINDOW_STEPS) return undefined;
    const cores = this.wallMs > 0 ? this.cpuMs / this.wallMs : 0;
    if (cores < CoreWatch.MIN_CORES_USED) this.paused = CoreWatch.PAUSE_STEPS;
    this.steps = 0;
    this.cpuMs = 0;
    this.wallMs = 0;
    return cores;
  }
}

/** The most of a batch either thread computes. */
const MAX_SHARE = 0.75;
/** A replica that has not answered a step in this long is given up (it never should). */
const STEP_TIMEOUT_MS = 120_000;

/** Layers whose training output for a sample depends on that sample and the weights only. */
const PER_SAMPLE_LAYERS = new Set([
  'InputLayer', 'Dense', 'Flatten', 'Activation', 'Reshape', 'Permute', 'RepeatVector', 'Embedding', 'Masking',
  'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'Conv3DTranspose', 'SeparableConv2D', 'DepthwiseConv2D',
  'Cropping2D', 'UpSampling2D', 'ZeroPadding2D',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D',
  'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax', 'LayerNormalization',
  'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout',
  'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Dot',
  'SimpleRNN', 'GRU', 'LSTM',
]);

export interface DataParallelStats {
  /** Steps whose batch was split across the two threads. */
  parallelSteps: number;
  /** Steps that ran on this thread alone while data-parallel training was on. */
  singleSteps: number;
  /** Why the latest model or step was not split, if it was not. */
  lastFallback?: string;
  /** Tensors alive in the replica's tfjs after its latest step. */
  replicaTensors?: number;
  /** Wall time of this thread's halves (up to where it needs the replica's), of the replica's, and waited. */
  mainMs: number;
  replicaMs: number;
  waitMs: number;
  /** The fraction of each batch the replica computes now. */
  replicaShare?: number;
  /** CPU time per wall-clock time of the latest window of split steps (see CoreWatch). */
  coresUsed?: number;
}

export type DataParallelWanted = { on: true; policy: DataParallelPolicy } | { on: false; reason?: string };

/**
 * Whether to train data-parallel: DEEPDRILL_DATA_PARALLEL=1 (every model that replicates) / 0
 * (none), else none when the kernels split their calls with a helper thread (`kernelThreads`:
 * by default whether that is wanted; the worker passes whether it really runs), else DEFAULT_DATA_PARALLEL;
 * never on one core or beside the threaded build. `reason`
 * says why not, only when it was asked for explicitly (the default stays quiet).
 */
export function dataParallelWanted(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism(), kernelThreads = kernelThreadsWanted(env, cores, true)): DataParallelWanted {
  const asked = env.DEEPDRILL_DATA_PARALLEL;
  // By default the kernel threads (kernels/kernelThreads.ts) use the second core instead.
  const policy = asked === '1' ? 'all' : asked === '0' || kernelThreads ? 'off' : DEFAULT_DATA_PARALLEL;
  if (policy === 'off') return { on: false };
  const explicit = asked === '1';
  if (cores < 2) return explicit ? { on: false, reason: 'one core' } : { on: false };
  if (Number(env.DEEPDRILL_WASM_THREADS) >= 2) {
    return explicit ? { on: false, reason: 'DEEPDRILL_WASM_THREADS uses the second core' } : { on: false };
  }
  return { on: true, policy };
}

let trainer: DataParallelTrainer | undefined;

/**
 * Wraps `makeTrainFunction` of tfjs's LayersModel for data-parallel training. Call once the
 * wasm backend is initialised (never in the replica). Returns the note for the backend detail.
 */
export function installDataParallel(tf: Tf, policy: DataParallelPolicy = 'all'): string {
  if (!trainer) {
    trainer = new DataParallelTrainer(tf, policy);
    const proto = tf.LayersModel.prototype as unknown as Trainable;
    const original = proto.makeTrainFunction;
    const t = trainer;
    proto.makeTrainFunction = function makeTrainFunction(this: tfType.LayersModel) {
      const single = original.call(internals(this));
      return t.wrap(this, single);
    };
    // The replica loads tfjs and the wasm backend while the learner's code loads its data; by
    // default only once a convolutional model trains (an MLP never pays for it).
    if (policy === 'all') trainer.start();
  }
  return trainer.policy === 'all' ? 'data-parallel on 2 threads' : 'data-parallel on 2 threads for convolutional models';
}

/**
 * Sends `model` to the replica now and resolves once it is rebuilt there, with the reason
 * when it cannot be (until then `fit` trains on this thread alone). For tests and the bench.
 */
export async function dataParallelReady(model: tfType.LayersModel): Promise<string | undefined> {
  if (!trainer) return 'data-parallel training is off';
  // A Sequential trains through the LayersModel inside it; that is the one fit's step sees.
  const inner = (model as unknown as { model?: unknown }).model;
  return trainer.ready(inner instanceof trainer.tf.LayersModel ? inner : model);
}

export function dataParallelStats(): DataParallelStats {
  return trainer ? { ...trainer.stats } : { parallelSteps: 0, singleSteps: 0, mainMs: 0, replicaMs: 0, waitMs: 0 };
}

/** A step that could not run split; the caller runs it on this thread. */
class NotSplit extends Error {}

interface SetUp {
  id: number;
  /** What the replica was built from; a recompile changes it. */
  key: unknown[];
}

class DataParallelTrainer {
  readonly stats: DataParallelStats = { parallelSteps: 0, singleSteps: 0, mainMs: 0, replicaMs: 0, waitMs: 0 };
  private worker: Worker | undefined;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SLOTS * 4));
  private buffer: SharedArrayBuffer | undefined;
  private bufferSent = false;
  /** Models sent to the replica, in the order they were; it keeps the same MAX_MODELS. */
  private readonly setUps = new Map<tfType.LayersModel, SetUp>();
  private readonly readyIds = new Set<number>();
  private nextId = 1;
  private seq = 0;
  /** The fraction of each batch the replica computes; see balance(). */
  private share = 0.5;
  /** Set when the replica is gone for good; every step then runs here. */
  private broken: string | undefined;
  private readonly failures = new Map<number, string>();
  private readonly cores = new CoreWatch();

  constructor(
    readonly tf: Tf,
    readonly policy: DataParallelPolicy,
  ) {}

  /** Why `model` trains on one thread under the policy, if it does. */
  private policyBlocker(model: tfType.LayersModel): string | undefined {
    if (this.policy === 'all' || model.layers.some((l) => CONVOLUTIONAL_LAYERS.has(l.getClassName()))) return undefined;
    return 'no convolutional layer (DEEPDRILL_DATA_PARALLEL=1 splits every model)';
  }

  wrap(model: tfType.LayersModel, single: TrainFunction): TrainFunction {
    const why = this.broken ?? this.policyBlocker(model) ?? replicationBlocker(this.tf, model);
    if (why) {
      this.stats.lastFallback = why;
      return single;
    }
    const id = this.setUp(model);
    if (typeof id === 'string') {
      this.stats.lastFallback = id;
      return single;
    }
    return (data) => {
      try {
        return this.step(model, id, single, data);
      } catch (e) {
        if (!(e instanceof NotSplit)) throw e;
        this.stats.lastFallback = e.message;
        this.stats.singleSteps++;
        return single(data);
      }
    };
  }

  async ready(model: tfType.LayersModel): Promise<string | undefined> {
    const why = this.broken ?? this.policyBlocker(model) ?? replicationBlocker(this.tf, model);
    if (why) return why;
    const id = this.setUp(model);
    if (typeof id === 'string') return id;
    // Neither the unref'd replica nor Atomics.waitAsync keeps the process alive meanwhile.
    this.worker?.ref();
    try {
      return await this.readyFlag(id);
    } finally {
      this.worker?.unref();
    }
  }

  private async readyFlag(id: number): Promise<string | undefined> {
    for (;;) {
      const now = Atomics.load(this.ctrl, CTRL.ready);
      if (now === id) return undefined;
      if (now === -id) {
        // The reason comes as a message right after the flag.
        for (let turn = 0; turn < 100 && !this.failures.has(-id); turn++) await new Promise((resolve) => setTimeout(resolve, 10));
        return `the replica could not rebuild the model (${this.failures.get(-id) ?? 'no reason given'})`;
      }
      if (this.broken) return this.broken;
      await waitAsync(this.ctrl, CTRL.ready, now, 1000).value;
    }
  }

  /** Sends the model to the replica unless it has it already; returns its id or why not. */
  private setUp(model: tfType.LayersModel): number | string {
    const m = internals(model);
    const key = [m.collectedTrainableWeights, m.optimizer_, m.loss, m.metrics];
    const known = this.setUps.get(model);
    if (known && known.key.every((k, i) => k === key[i])) return known.id;
    let topology: object;
    try {
      topology = model.toJSON(null, false) as object;
    } catch (e) {
      return `the model does not serialise (${(e as Error).message})`;
    }
    const worker = this.start();
    if (typeof worker === 'string') return worker;
    const id = this.nextId++;
    this.setUps.delete(model);
    this.setUps.set(model, { id, key });
    for (const [old, s] of this.setUps) {
      if (this.setUps.size <= MAX_MODELS) break;
      this.setUps.delete(old);
      this.readyIds.delete(s.id);
    }
    const message: MainToReplica = {
      type: 'setup',
      id,
      replaces: known?.id,
      topology,
      loss: m.loss,
      metrics: m.metrics,
      weightShapes: model.weights.map((w) => w.shape as number[]),
      trainableShapes: (m.collectedTrainableWeights ?? []).map((w) => w.shape),
    };
    worker.postMessage(message);
    return id;
  }

  start(): Worker | string {
    if (this.worker) return this.worker;
    // Beside dist/worker.js in the bundle; from source (tests, bench under tsx), the .ts file,
    // loaded through tsx's require hook, which a worker thread does not inherit.
    const js = join(__dirname, 'dataParallelReplica.js');
    const entry = existsSync(js)
      ? js
      : `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'dataParallelReplica.ts'))});`;
    try {
      const env = { ...process.env, DEEPDRILL_WASM_THREADS: '1' };
      const worker = new Worker(entry, { eval: entry !== js, workerData: { ctrl: this.ctrl }, env });
      worker.on('message', (m: unknown) => {
        if (!isReplicaToMain(m)) return;
        if (m.type === 'ready') {
          // Unless it was dropped meanwhile (the replica drops it too).
          if ([...this.setUps.values()].some((s) => s.id === m.id)) this.readyIds.add(m.id);
        } else {
          this.failures.set(m.type === 'setupFailed' ? -m.id : m.id, m.reason);
        }
      });
      worker.on('error', (e) => this.breakDown(`the replica thread failed (${e.message})`));
      worker.on('exit', () => this.breakDown('the replica thread ended'));
      // The replica must never keep a finished run's process alive. (After the listeners:
      // adding a 'message' listener refs the worker's port again.)
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (e) {
      return this.breakDown(`the replica thread could not start (${(e as Error).message})`);
    }
  }

  private breakDown(reason: string): string {
    this.broken ??= reason;
    this.stats.lastFallback = this.broken;
    return this.broken;
  }

  private step(model: tfType.LayersModel, id: number, single: TrainFunction, data: tfType.Tensor[]): tfType.Scalar[] {
    const tf = this.tf;
    if (this.broken) throw new NotSplit(this.broken);
    const ready = Atomics.load(this.ctrl, CTRL.ready);
    if (ready === -id) throw new NotSplit(`the replica could not rebuild the model${this.failures.has(-id) ? ` (${this.failures.get(-id)})` : ''}`);
    if (ready !== id && !this.readyIds.has(id)) throw new NotSplit('the replica is still starting');
    if (![...this.setUps.values()].some((s) => s.id === id)) throw new NotSplit('the model was dropped from the replica');
    // Sample weights are null when there are none.
    const present = data.filter((t): t is tfType.Tensor => t != null);
    const n = present[0]?.shape[0] ?? 0;
    if (n < 2 * MIN_HALF_BATCH) throw new NotSplit(`batch of ${n} < ${2 * MIN_HALF_BATCH}`);
    if (present.some((t) => (t.dtype !== 'float32' && t.dtype !== 'int32') || t.shape[0] !== n)) throw new NotSplit('inputs other than float32/int32');
    const m = internals(model);
    const opt = m.optimizer_;
    const trainable = m.collectedTrainableWeights ?? [];
    if (!opt) throw new NotSplit('no optimizer');
    if (!this.cores.split()) throw new NotSplit(`less than ${CoreWatch.MIN_CORES_USED} cores free for two threads (measured ${this.stats.coresUsed?.toFixed(2)})`);
    const theirs = Math.min(n - MIN_HALF_BATCH, Math.max(MIN_HALF_BATCH, Math.round(n * this.share)));
    const mine = n - theirs;
    const startedAt = performance.now();
    const cpuAtStart = process.cpuUsage();

    // Layout of the shared buffer: weights, the replica's rows, its gradients, its outputs.
    let offset = 0;
    const take = (elements: number) => {
      const at = offset;
      offset += Math.ceil((elements * 4) / 16) * 16;
      return at;
    };
    const weights = model.weights.map((w) => take(w.shape.reduce((a: number, b) => a * (b ?? 1), 1)));
    const slots = data.map((t): Slot | null => (t == null ? null : { offset: take((t.size / n) * theirs), shape: [theirs, ...t.shape.slice(1)], dtype: t.dtype as Slot['dtype'] }));
    const grads = trainable.map((w) => take(w.shape.reduce((a, b) => a * b, 1)));
    const outCount = 1 + (m.metricsTensors?.length ?? 0);
    const outs = take(outCount);
    if (!this.buffer || this.buffer.byteLength < offset) {
      this.buffer = new SharedArrayBuffer(Math.ceil(offset * 1.25));
      this.bufferSent = false;
    }
    const buffer = this.buffer;
    model.weights.forEach((w, i) => {
      const v = w.read().dataSync();
      if (!(v instanceof Float32Array)) throw new NotSplit('weights other than float32');
      new Float32Array(buffer, weights[i], v.length).set(v);
    });
    data.forEach((t, i) => {
      const slot = slots[i];
      if (t == null || slot == null) return;
      const all = t.dataSync() as Float32Array | Int32Array;
      const rows = all.subarray((all.length / n) * mine);
      (t.dtype === 'int32' ? new Int32Array(buffer, slot.offset, rows.length) : new Float32Array(buffer, slot.offset, rows.length)).set(rows);
    });
    const seq = ++this.seq;
    const message: StepMessage = { type: 'step', seq, model: id, weights, data: slots, grads, outs };
    if (!this.bufferSent) message.buffer = buffer;
    this.worker?.postMessage(message);
    this.bufferSent = true;

    let answered = false;
    let ownDoneAt = 0;
    const replicaResult = () => {
      answered = true;
      ownDoneAt = performance.now();
      this.await(seq);
      this.stats.waitMs += performance.now() - ownDoneAt;
    };
    const wMine = mine / n;
    const wTheirs = theirs / n;
    const firstHalf = data.map((t) => (t == null ? t : tf.slice(t, 0, mine)));
    const own = opt as tfType.Optimizer & { minimize: tfType.Optimizer['minimize'] };
    // tfjs's train function ends in optimizer.minimize(lossOfThisHalf, true, trainableVariables).
    own.minimize = ((f: () => tfType.Scalar, _returnCost?: boolean, varList?: tfType.Variable[]) => {
      const vars = varList ?? [];
      const { value, grads: mineGrads } = tf.variableGrads(f, vars);
      try {
        replicaResult();
      } catch (e) {
        tf.dispose([value, mineGrads]);
        throw e;
      }
      const averaged = vars.map((v, i) => ({
        name: v.name,
        tensor: tf.tidy(() => {
          const theirsGrad = tf.tensor(new Float32Array(buffer, grads[i], v.size).slice(), v.shape, 'float32');
          return tf.add(tf.mul(mineGrads[v.name], wMine), tf.mul(theirsGrad, wTheirs));
        }),
      }));
      own.applyGradients(averaged);
      tf.dispose([mineGrads, averaged.map((g) => g.tensor)]);
      return value;
    }) as typeof own.minimize;
    let halfOuts: tfType.Scalar[];
    try {
      halfOuts = single(firstHalf);
    } finally {
      delete (own as Partial<typeof own>).minimize;
      tf.dispose(firstHalf.filter((t): t is tfType.Tensor => t != null));
      // The replica must be done with the shared buffer before anything rewrites it.
      if (!answered) {
        try {
          replicaResult();
        } catch {
          // This thread's own error is the one to report.
        }
      }
    }
    const theirsOuts = new Float32Array(buffer, outs, outCount).slice();
    const result = tf.tidy(() => halfOuts.map((o, i) => tf.add(tf.mul(o, wMine), wTheirs * theirsOuts[i]) as tfType.Scalar));
    tf.dispose(halfOuts);
    this.stats.parallelSteps++;
    this.stats.lastFallback = undefined;
    this.balance(mine, ownDoneAt - startedAt, theirs, Atomics.load(this.ctrl, CTRL.stepMicros) / 1000);
    const cpu = process.cpuUsage(cpuAtStart);
    const cores = this.cores.record((cpu.user + cpu.system) / 1000, performance.now() - startedAt);
    if (cores !== undefined) this.stats.coresUsed = cores;
    return result;
  }

  /**
   * Moves rows towards the thread that finished first, so that the replica's half is ready
   * when this thread's half is: this thread also runs the optimizer and fit's own work, and
   * when the other core is busy (another process), the replica's half takes longer.
   */
  private balance(mine: number, mineMs: number, theirs: number, theirsMs: number): void {
    this.stats.mainMs += mineMs;
    this.stats.replicaMs += theirsMs;
    if (!(mineMs > 0 && theirsMs > 0)) return;
    const perRowMine = mineMs / mine;
    const perRowTheirs = theirsMs / theirs;
    const target = perRowMine / (perRowMine + perRowTheirs);
    this.share = Math.min(MAX_SHARE, Math.max(1 - MAX_SHARE, 0.7 * this.share + 0.3 * target));
    this.stats.replicaShare = this.share;
  }

  /** Blocks until the replica finished step `seq`; throws NotSplit when it failed or hangs. */
  private await(seq: number): void {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(this.ctrl, CTRL.done);
      if (done === seq) break;
      if (Date.now() > deadline) throw new NotSplit(this.breakDown('the replica thread stopped answering'));
      Atomics.wait(this.ctrl, CTRL.done, done, 1000);
    }
    this.stats.replicaTensors = Atomics.load(this.ctrl, CTRL.numTensors);
    // A replica that failed once is not trusted again: every later step would compute twice.
    if (Atomics.load(this.ctrl, CTRL.failed)) throw new NotSplit(this.breakDown(`the replica's step failed${this.failures.has(seq) ? ` (${this.failures.get(seq)})` : ''}`));
  }
}

/** Why `model` cannot be trained data-parallel, or undefined when it can. */
export function replicationBlocker(tf: Tf, model: tfType.LayersModel): string | undefined {
  if (tf.getBackend() !== 'wasm') return `backend ${tf.getBackend()}`;
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (!PER_SAMPLE_LAYERS.has(name)) return `layer ${name}`;
    if ((layer as unknown as { stateful?: boolean }).stateful) return `stateful layer ${layer.name}`;
  }
  const m = internals(model);
  if (m.loss === undefined || !onlyStrings(m.loss)) return 'a loss that is not a built-in name';
  if (m.metrics !== undefined && !onlyStrings(m.metrics)) return 'metrics that are not built-in names';
  return undefined;
}

/** `Atomics.waitAsync` (Node ≥ 16), which this project's TypeScript lib does not declare yet. */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { value: Promise<string> | string };
}).waitAsync;

function internals(model: tfType.LayersModel): Trainable {
  return model as unknown as Trainable;
}

function onlyStrings(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (Array.isArray(v)) return v.every(onlyStrings);
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).every(onlyStrings);
  return false;
}
