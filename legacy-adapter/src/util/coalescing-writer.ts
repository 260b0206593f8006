import type { Timers } from './timers.ts';

/**
 * Writes only the newest of a stream of values (a checkpoint), one write at a time and
 * at most one per `minIntervalMs`: values that arrive meanwhile replace each other. A
 * crash loses at most the last interval, which at-least-once delivery re-reads anyway.
 */
export class CoalescingWriter<T> {
  private pending: { value: T } | undefined;
  private running: Promise<void> | undefined;
  private lastWriteAt = -Infinity;

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly options: { minIntervalMs: number; timers: Timers; now: () => number; onError: (err: unknown) => void },
  ) {}

  set(value: T): void {
    this.pending = { value };
    this.running ??= this.drain();
  }

  /** Resolves once the newest value is written (or its write failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.pending) {
      this.lastWriteAt = -Infinity;
      this.running = this.drain();
      await this.running;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const wait = this.lastWriteAt + this.options.minIntervalMs - this.options.now();
        if (wait > 0) await this.options.timers.sleep(wait);
        const next = this.pending;
        if (!next) break;
        this.pending = undefined;
        this.lastWriteAt = this.options.now();
        await this.write(next.value).catch((err: unknown) => this.options.onError(err));
      }
    } finally {
      this.running = undefined;
    }
  }
}
