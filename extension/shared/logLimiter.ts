// A learner's `console.log` in a tight loop can print tens of thousands of lines a second. Each
// line is a message to the extension host and a line in its output channel; unchecked, they
// swamp both. The limiter lets a steady trickle through (a line per batch is fine) and turns the
// rest into one line that says how much was left out.

/** Lines let through per window; the rest are counted, not shown. */
export const LOG_LINES_PER_WINDOW = 200;
export const LOG_WINDOW_MS = 1000;

export interface LogLimiterOptions {
  /** Monotonic by default: a clock set back must not hold all output for the time it went back. */
  now?: () => number;
  /** Runs `fn` after `ms`; by default a timer that never keeps the process alive. */
  schedule?: (fn: () => void, ms: number) => void;
  perWindow?: number;
  windowMs?: number;
}

export class LogLimiter {
  private windowStart = -Infinity;
  private shownInWindow = 0;
  private dropped = 0;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => void;
  private readonly perWindow: number;
  private readonly windowMs: number;

  /** `report` gets each note about dropped lines, in print order with the lines shown. */
  constructor(
    private readonly report: (note: string) => void,
    options: LogLimiterOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.perWindow = options.perWindow ?? LOG_LINES_PER_WINDOW;
    this.windowMs = options.windowMs ?? LOG_WINDOW_MS;
  }

  /** Whether to show one more line. Lines dropped in a window are reported when it ends. */
  admit(): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.flush();
      this.windowStart = t;
      this.shownInWindow = 0;
    }
    if (this.shownInWindow < this.perWindow) {
      this.shownInWindow++;
      return true;
    }
    // The first line dropped: a flood followed by silence is still reported, when its window ends.
    if (this.dropped++ === 0) this.schedule(() => this.flush(), Math.max(0, this.windowStart + this.windowMs - t));
    return false;
  }

  /** Reports the lines dropped since the last note, if any (call it before the run's end too). */
  flush(): void {
    if (this.dropped === 0) return;
    const n = this.dropped;
    this.dropped = 0;
    this.report(`… ${n.toLocaleString('en-US')} more line${n === 1 ? '' : 's'} of output not shown (at most ${this.perWindow} a second are).`);
  }
}
