import type { Timers } from './timers.ts';

/**
 * A loop's doorbell: `notify()` wakes one `wait()`. A notify with no waiter is kept, so
 * a wake-up that arrives between two waits is never lost.
 */
export class Wakeup {
  private resolve: (() => void) | undefined;
  private pending = false;

  notify(): void {
    const resolve = this.resolve;
    if (resolve) {
      this.resolve = undefined;
      resolve();
    } else {
      this.pending = true;
    }
  }

  wait(timers: Timers, timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const handle = timers.setTimeout(() => {
        this.resolve = undefined;
        resolve();
      }, timeoutMs);
      this.resolve = () => {
        timers.clearTimeout(handle);
        resolve();
      };
    });
  }
}
