import type { MongoClient } from 'mongodb';
import type { AdapterStatus } from '#contracts';
import type { Logger } from '#lib';
import type { AdapterMetrics } from './metrics.ts';
import { oplogWindowSeconds } from './oplog-window.ts';
import type { Timers } from './util/timers.ts';

export interface StatsDeps {
  metrics: AdapterMetrics;
  client: MongoClient;
  logger: Logger;
  timers: Timers;
  now: () => number;
  status: () => AdapterStatus;
}

/** The info line every `intervalMs` with the same figures as `/metrics`. */
export class StatsReporter {
  private timer: unknown;
  private stopped = false;
  private last: { at: number; captured: number; published: number };

  constructor(
    private readonly intervalMs: number,
    private readonly deps: StatsDeps,
  ) {
    this.last = { at: deps.now(), captured: 0, published: 0 };
  }

  start(): void {
    if (this.intervalMs > 0) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.deps.timers.clearTimeout(this.timer);
  }

  async report(): Promise<void> {
    const { metrics, now } = this.deps;
    const status = this.deps.status();
    const captured = await metrics.count(metrics.captured);
    const published = await metrics.count(metrics.published);
    const seconds = Math.max(0.001, (now() - this.last.at) / 1000);
    const window = await oplogWindowSeconds(this.deps.client, now());
    if (window !== undefined) metrics.oplogHeadroom.set(Math.max(0, window - (status.capture.lagMs ?? 0) / 1000));
    this.deps.logger.info(
      {
        captured,
        published,
        capturedPerSec: Math.round((captured - this.last.captured) / seconds),
        publishedPerSec: Math.round((published - this.last.published) / seconds),
        captureLagMs: status.capture.lagMs,
        relayLagEvents: status.relay.lagEvents,
        relayLagMs: status.relay.lagMs,
        rejected: await metrics.count(metrics.rejected),
        parked: await metrics.count(metrics.parked),
        oplogWindowSec: window,
        ready: status.ready,
      },
      'adapter stats',
    );
    this.last = { at: now(), captured, published };
  }

  private schedule(): void {
    this.timer = this.deps.timers.setTimeout(() => {
      this.report()
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'stats failed'))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
  }
}
