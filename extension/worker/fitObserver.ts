// Observes every `fit`/`fitDataset` of the run without the user adding a callback: the methods
// of tf.LayersModel are wrapped once (tf.Sequential delegates to an inner LayersModel, so its
// fits pass through here too) and each call gets one more callback appended to the user's own.

import type * as tfTypes from '@tensorflow/tfjs';
import type {
  BatchEvent,
  EpochEvent,
  FitEndEvent,
  FitStartEvent,
  Logs,
} from '../shared/workerProtocol';

type Tf = typeof tfTypes;
type FitCallbacks = tfTypes.ModelFitArgs['callbacks'];
type CallbackInstance = InstanceType<Tf['CustomCallback']>;

export interface FitSink {
  emit(e: FitStartEvent | BatchEvent | EpochEvent | FitEndEvent): void;
  /** A loss became NaN or infinite; the run must end now. `epoch` is 1-based, `batch` 0-based. */
  nonFiniteLoss(info: { fit: number; epoch: number; batch?: number; line?: number; loss: number }): void;
  /** The 1-based line in the user's file of the innermost user frame of `stack`. */
  userLine(stack: string | undefined): number | undefined;
  /** No fit is running any more (the last one ended, or failed). */
  fitsIdle?(): void;
}

/** Batch events are throttled to this interval; epoch events are never throttled. */
const BATCH_EVENT_INTERVAL_MS = 50;
/** How often training yields to the event loop, so a stop request is read promptly. */
const YIELD_EVERY_MS = 100;

/** The user line of the fit call an error came out of (errors thrown inside tfjs carry no user frame). */
export const fitErrorLines = new WeakMap<object, number>();

/** One kind of training step the charts do not show. */
export interface UntrackedSteps {
  calls: number;
  /** Line of the first call. */
  line?: number;
  /** Loss returned by the last call, when it returns one. */
  lastLoss?: number;
}

export class FitObserver {
  /** Fit calls seen so far. */
  fits = 0;
  /** Fit calls that have not returned yet. */
  active = 0;
  /** Metrics of the last finished epoch of any fit. */
  lastLogs: Logs | undefined;
  /** When set, the next fit reports this line instead of its call site (DeepDrill's own fits). */
  nextFitLine: number | undefined;
  /**
   * Training that is not a fit, which DeepDrill does not chart: `model.trainOnBatch` calls and
   * `optimizer.minimize` steps outside any fit (a hand-written loop, as in the tfjs curve-fitting
   * tutorial). Counted so that a file that trains this way ends as a run, not as "no model".
   */
  readonly untracked: { trainOnBatch: UntrackedSteps; minimize: UntrackedSteps } = {
    trainOnBatch: { calls: 0 },
    minimize: { calls: 0 },
  };
  /** Line of the last `compile()` in the user's code: "no fit ran" can then say where the model was. */
  compileLine: number | undefined;

  constructor(
    private readonly tf: Tf,
    private readonly sink: FitSink,
    /** Replaces the epochs of every fit when set. */
    private readonly epochsOverride: number | undefined,
  ) {}

  install(): void {
    const proto = this.tf.LayersModel.prototype;
    const originalFit = proto.fit;
    const originalFitDataset = proto.fitDataset;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const observer = this;

    proto.fit = function fit(this: tfTypes.LayersModel, x, y, args: tfTypes.ModelFitArgs = {}) {
      const line = observer.callLine(new Error().stack);
      const initialEpoch = args.initialEpoch ?? 0;
      const epochs = observer.epochsOverride !== undefined ? initialEpoch + observer.epochsOverride : (args.epochs ?? 1);
      const batchSize = args.batchSize ?? 32;
      const total = sampleCount(x);
      const split = args.validationData == null ? (args.validationSplit ?? 0) : 0;
      const samples = total === undefined ? undefined : split > 0 && split < 1 ? Math.floor(total * (1 - split)) : total;
      const run = observer.begin({
        line,
        epochs: epochs - initialEpoch,
        initialEpoch,
        samples,
        batchSize,
        batchesPerEpoch: samples === undefined ? undefined : Math.ceil(samples / batchSize),
        validation: args.validationData != null || split > 0,
        model: this,
      });
      const callbacks = [...observer.userCallbacks(args.callbacks, args.yieldEvery), run.callback];
      return run.track(originalFit.call(this, x, y, { ...args, epochs, callbacks }));
    };

    proto.fitDataset = function fitDataset(
      this: tfTypes.LayersModel,
      dataset: tfTypes.data.Dataset<tfTypes.TensorContainer>,
      args: tfTypes.ModelFitDatasetArgs<tfTypes.TensorContainer>,
    ) {
      const line = observer.callLine(new Error().stack);
      const initialEpoch = args?.initialEpoch ?? 0;
      const epochs = observer.epochsOverride !== undefined ? initialEpoch + observer.epochsOverride : args?.epochs;
      const run = observer.begin({
        line,
        epochs: (epochs ?? 1) - initialEpoch,
        initialEpoch,
        batchesPerEpoch: args?.batchesPerEpoch,
        validation: args?.validationData != null,
        model: this,
      });
      const callbacks = [...observer.userCallbacks(args?.callbacks, args?.yieldEvery), run.callback];
      return run.track(originalFitDataset.call(this, dataset, { ...args, epochs: epochs as number, callbacks }));
    } as typeof proto.fitDataset;

    const originalCompile = proto.compile;
    proto.compile = function compile(this: tfTypes.LayersModel, args: tfTypes.ModelCompileArgs) {
      const line = observer.sink.userLine(new Error().stack);
      if (line !== undefined) observer.compileLine = line;
      return originalCompile.call(this, args);
    };

    // trainOnBatch ends in optimizer.minimize: those steps are the trainOnBatch's, not the user's own.
    let batchCallsActive = 0;
    const originalTrainOnBatch = proto.trainOnBatch;
    proto.trainOnBatch = async function trainOnBatch(this: tfTypes.LayersModel, x, y) {
      const steps = observer.untracked.trainOnBatch;
      const counted = observer.active === 0 && batchCallsActive === 0;
      if (counted) observer.countUntracked(steps, new Error().stack);
      batchCallsActive++;
      try {
        const result = await originalTrainOnBatch.call(this, x, y);
        const loss = Array.isArray(result) ? result[0] : result;
        if (counted && typeof loss === 'number') steps.lastLoss = loss;
        return result;
      } finally {
        batchCallsActive--;
      }
    };
    const optimizerProto = this.tf.Optimizer.prototype;
    const originalMinimize = optimizerProto.minimize;
    optimizerProto.minimize = function minimize(this: tfTypes.Optimizer, ...args: Parameters<tfTypes.Optimizer['minimize']>) {
      if (observer.active === 0 && batchCallsActive === 0) observer.countUntracked(observer.untracked.minimize, new Error().stack);
      return originalMinimize.apply(this, args);
    };
  }

  private countUntracked(steps: UntrackedSteps, stack: string | undefined): void {
    steps.calls++;
    // Only the first call's line: reading a stack through the source map on every step of a loop would slow it.
    if (steps.calls === 1) steps.line = this.sink.userLine(stack);
  }

  private callLine(stack: string | undefined): number | undefined {
    const override = this.nextFitLine;
    this.nextFitLine = undefined;
    return override ?? this.sink.userLine(stack);
  }

  /** The user's callbacks, in whatever form they were passed, as callback instances. */
  private userCallbacks(callbacks: FitCallbacks, yieldEvery: tfTypes.ModelFitArgs['yieldEvery']): CallbackInstance[] {
    if (callbacks == null) return [];
    const list: unknown[] = Array.isArray(callbacks) ? callbacks : [callbacks];
    return list.map((c) =>
      isCallbackInstance(c) ? c : new this.tf.CustomCallback(c as tfTypes.CustomCallbackArgs, yieldEvery),
    );
  }

  private begin(fit: {
    line: number | undefined;
    epochs: number;
    initialEpoch: number;
    samples?: number;
    batchSize?: number;
    batchesPerEpoch?: number;
    validation: boolean;
    model: tfTypes.LayersModel;
  }): { callback: CallbackInstance; track: <H>(p: Promise<H>) => Promise<H> } {
    const index = this.fits++;
    this.active++;
    const startedAt = Date.now();
    let lastBatchEventAt = startedAt;
    let samplesSinceEvent = 0;
    let step = 0;
    let epoch = 1;
    let fitLogs: Logs = {};
    let stopped = false;
    /** The latest batch the throttle held back, shown after all when the loss then blows up. */
    let heldBack: BatchEvent | undefined;
    const sink = this.sink;

    sink.emit({
      type: 'fitStart',
      fit: index,
      line: fit.line,
      epochs: fit.epochs,
      batchesPerEpoch: fit.batchesPerEpoch,
      samples: fit.samples,
      batchSize: fit.batchSize,
      validation: fit.validation,
    });

    const nonFinite = (loss: number, batch?: number): Promise<void> => {
      stopped = true;
      fit.model.stopTraining = true;
      // The learner should see the loss climbing right up to the batch that overflowed.
      if (heldBack) sink.emit(heldBack);
      heldBack = undefined;
      sink.nonFiniteLoss({ fit: index, epoch, batch, line: fit.line, loss });
      // Hold the training loop here: not one more batch runs while the worker reports and exits.
      return new Promise<void>(() => undefined);
    };

    const callback = new this.tf.CustomCallback(
      {
        onEpochBegin: async (e) => {
          epoch = e - fit.initialEpoch + 1;
        },
        onBatchEnd: async (batch, logs) => {
          if (stopped) return;
          step++;
          const clean = numericLogs(logs, true);
          const loss = clean.loss;
          if (loss !== undefined && !Number.isFinite(loss)) return nonFinite(loss, batch);
          samplesSinceEvent += typeof logs?.size === 'number' ? logs.size : (fit.batchSize ?? 0);
          const now = Date.now();
          const lastOfEpoch = fit.batchesPerEpoch !== undefined && batch === fit.batchesPerEpoch - 1;
          const seconds = (now - lastBatchEventAt) / 1000;
          const event: BatchEvent = {
            type: 'batch',
            fit: index,
            epoch,
            batch,
            step,
            logs: clean,
            samplesPerSec: seconds > 0 && samplesSinceEvent > 0 ? samplesSinceEvent / seconds : undefined,
          };
          if (now - lastBatchEventAt >= BATCH_EVENT_INTERVAL_MS || lastOfEpoch || step === 1) {
            sink.emit(event);
            heldBack = undefined;
            lastBatchEventAt = now;
            samplesSinceEvent = 0;
          } else {
            heldBack = event;
          }
          return undefined;
        },
        onEpochEnd: async (e, logs) => {
          if (stopped) return;
          const clean = numericLogs(logs, false);
          if (clean.loss !== undefined && !Number.isFinite(clean.loss)) return nonFinite(clean.loss);
          fitLogs = clean;
          this.lastLogs = clean;
          sink.emit({ type: 'epoch', fit: index, epoch: e - fit.initialEpoch + 1, logs: clean, elapsedMs: Date.now() - startedAt });
          return undefined;
        },
      },
      YIELD_EVERY_MS,
    );

    const track = <H>(p: Promise<H>): Promise<H> =>
      p.then(
        (history) => {
          this.active--;
          sink.emit({ type: 'fitEnd', fit: index, logs: fitLogs, memory: { numTensors: this.tf.memory().numTensors } });
          if (this.active === 0) sink.fitsIdle?.();
          return history;
        },
        (err: unknown) => {
          this.active--;
          if (this.active === 0) sink.fitsIdle?.();
          if (fit.line !== undefined && typeof err === 'object' && err !== null && !fitErrorLines.has(err)) {
            fitErrorLines.set(err, fit.line);
          }
          throw err;
        },
      );
    return { callback, track };
  }
}

function isCallbackInstance(c: unknown): c is CallbackInstance {
  const o = c as { setModel?: unknown; onBatchEnd?: unknown; setParams?: unknown };
  return typeof c === 'object' && c !== null && typeof o.setModel === 'function' && typeof o.setParams === 'function';
}

/** Number of samples in `x` (a tensor, an array of tensors or a name → tensor map). */
function sampleCount(x: unknown): number | undefined {
  const first = Array.isArray(x) ? x[0] : x;
  const shape = (first as { shape?: unknown })?.shape;
  if (Array.isArray(shape) && typeof shape[0] === 'number') return shape[0];
  if (typeof x === 'object' && x !== null && !Array.isArray(x)) {
    const values = Object.values(x as Record<string, unknown>);
    const s = (values[0] as { shape?: unknown })?.shape;
    if (Array.isArray(s) && typeof s[0] === 'number') return s[0];
  }
  return undefined;
}

/** The numeric metrics of tfjs logs, without the `batch`/`size` bookkeeping entries. */
function numericLogs(logs: Record<string, unknown> | undefined, batchLogs: boolean): Logs {
  const out: Logs = {};
  if (!logs) return out;
  for (const [k, v] of Object.entries(logs)) {
    if (batchLogs && (k === 'batch' || k === 'size')) continue;
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}
