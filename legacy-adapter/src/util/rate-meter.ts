/** The per-second rate of a growing total over a sliding window, from samples taken now and then. */
export class RateMeter {
  private samples: Array<{ at: number; total: number }> = [];

  constructor(private readonly windowMs: number) {}

  sample(at: number, total: number): void {
    this.samples.push({ at, total });
    // Keep one sample at or before the window's start, so the rate always spans the window.
    while (this.samples.length > 2 && (this.samples[1] as { at: number }).at <= at - this.windowMs) this.samples.shift();
  }

  perSecond(): number {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at <= first.at) return 0;
    return (last.total - first.total) / ((last.at - first.at) / 1000);
  }
}
