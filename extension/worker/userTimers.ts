// A learner's script may leave a setInterval running after training (a progress ticker, a
// polling loop that nothing clears). The worker ends a run when Node has nothing left to do,
// so such a timer would keep the run going for ever. The intervals created by the user's code
// are tracked, and once a fit has ended with none running they stop keeping the run alive:
// they still fire while other work goes on, and the run ends when only they are left.

type Interval = ReturnType<typeof setInterval>;

export class UserIntervals {
  private readonly live = new Map<Interval, number | undefined>();
  private released = false;

  /** `lineOf` maps the creating call's stack to the user's line, for the warning at the end. */
  constructor(private readonly lineOf: (stack: string | undefined) => number | undefined) {}

  install(): void {
    const originalSet = globalThis.setInterval;
    const originalClear = globalThis.clearInterval;
    const live = this.live;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    globalThis.setInterval = function setInterval(...args: Parameters<typeof originalSet>) {
      const handle = originalSet(...args);
      live.set(handle, self.lineOf(new Error().stack));
      if (self.released) handle.unref();
      return handle;
    } as typeof originalSet;
    globalThis.clearInterval = function clearInterval(handle?: Parameters<typeof originalClear>[0]) {
      if (handle !== undefined && handle !== null && typeof handle === 'object') live.delete(handle as Interval);
      return originalClear(handle);
    } as typeof originalClear;
  }

  /** Training is over for now: intervals no longer keep the run alive (later ones neither). */
  release(): void {
    this.released = true;
    for (const handle of this.live.keys()) handle.unref();
  }

  /** Lines of the intervals still running (undefined where the line is unknown). */
  running(): (number | undefined)[] {
    return [...this.live.values()];
  }
}
