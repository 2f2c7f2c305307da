// A learner's `console.log` in a tight loop can print tens of thousands of lines a second. Each
// line is a message to the extension host and a line in its output channel; unchecked, they
// swamp both. The limiter lets a steady trickle through (a line per batch is fine) and turns the
// rest into one line that says how much was left out.

/** Lines let through per window; the rest are counted, not shown. */
export const LOG_LINES_PER_WINDOW = 200;
export const LOG_WINDOW_MS = 1000;

export class LogLimiter {
  private windowStart = -Infinity;
  private shownInWindow = 0;
  private dropped = 0;

  constructor(
    // Monotonic: a clock set back must not hold all output for the time it went back.
    private readonly now: () => number = () => performance.now(),
    private readonly perWindow = LOG_LINES_PER_WINDOW,
    private readonly windowMs = LOG_WINDOW_MS,
  ) {}

  /**
   * For one more line: whether to show it, and first a note about the lines dropped in the
   * windows before, if any. On the first line dropped in a window, `flushIn` says when that
   * window ends: call flush() then, so that a flood followed by silence is still reported.
   */
  admit(): { show: boolean; note?: string; flushIn?: number } {
    const t = this.now();
    let note: string | undefined;
    if (t - this.windowStart >= this.windowMs) {
      note = this.flush();
      this.windowStart = t;
      this.shownInWindow = 0;
    }
    const show = this.shownInWindow < this.perWindow;
    const out: { show: boolean; note?: string; flushIn?: number } = { show };
    if (note !== undefined) out.note = note;
    if (show) this.shownInWindow++;
    else if (this.dropped++ === 0) out.flushIn = Math.max(0, this.windowStart + this.windowMs - t);
    return out;
  }

  /** The note about lines dropped since the last one, if any (say it before the run's end). */
  flush(): string | undefined {
    if (this.dropped === 0) return undefined;
    const n = this.dropped;
    this.dropped = 0;
    return `… ${n.toLocaleString('en-US')} more line${n === 1 ? '' : 's'} of output not shown (at most ${this.perWindow} a second are).`;
  }
}
