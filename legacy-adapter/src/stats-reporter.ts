import type { MongoClient } from 'mongodb';
import type { AdapterStatus } from '#contracts';
import type { Logger } from '#lib';
import type { AdapterMetrics } from './metrics.ts';
import { oplogWindowSeconds } from './oplog-window.ts';
import { RateMeter } from './util/rate-meter.ts';
import type { Timers } from './util/timers.ts';

export interface StatsDeps {
  metrics: AdapterMetrics;
  client: MongoClient;
  logger: Logger;
  timers: Timers;
  now: () => number;
  status: () => AdapterStatus;
}

/** The rates span this much; the info line's default interval. */
const RATE_WINDOW_MS = 10_000;
const RATE_SAMPLE_MS = 1_000;

/**
 * The figures `/metrics` and the info line share: the status gauges, events per second
 * (sampled every second over a sliding window) and the oplog headroom (read when asked
 * for); and the info line every `intervalMs`.
 */
export class StatsReporter {
  private lineTimer: unknown;
  private sampleTimer: unknown;
  private stopped = false;
  private readonly capturedRate = new RateMeter(RATE_WINDOW_MS);
  private readonly publishedRate = new RateMeter(RATE_WINDOW_MS);

  constructor(
    private readonly intervalMs: number,
    private readonly deps: StatsDeps,
  ) {}

  start(): void {
    this.scheduleSample();
    if (this.intervalMs > 0) this.scheduleLine();
  }

  stop(): void {
    this.stopped = true;
    this.deps.timers.clearTimeout(this.lineTimer);
    this.deps.timers.clearTimeout(this.sampleTimer);
  }

  /** Brings every gauge up to date (what a scrape of `/metrics` sees) and returns the figures. */
  async refresh() {
    const { metrics, now } = this.deps;
    const status = this.deps.status();
    const oplogWindowSec = await oplogWindowSeconds(this.deps.client, now());
    const oplogHeadroomSec = oplogWindowSec === undefined ? undefined : Math.max(0, oplogWindowSec - (status.capture.lagMs ?? 0) / 1000);
    metrics.setOplogHeadroom(oplogHeadroomSec);
    return {
      captured: await metrics.count(metrics.captured),
      published: await metrics.count(metrics.published),
      capturedPerSec: Math.round(this.capturedRate.perSecond()),
      publishedPerSec: Math.round(this.publishedRate.perSecond()),
      captureLagMs: status.capture.lagMs,
      relayLagEvents: status.relay.lagEvents,
      relayLagMs: status.relay.lagMs,
      rejected: await metrics.count(metrics.rejected),
      parked: await metrics.count(metrics.parked),
      oplogWindowSec,
      oplogHeadroomSec,
      ready: status.ready,
    };
  }

  async report(): Promise<void> {
    this.deps.logger.info(await this.refresh(), 'adapter stats');
  }

  private async sample(): Promise<void> {
    const { metrics, now } = this.deps;
    const at = now();
    this.capturedRate.sample(at, await metrics.count(metrics.captured));
    this.publishedRate.sample(at, await metrics.count(metrics.published));
    metrics.capturedPerSecond.set(this.capturedRate.perSecond());
    metrics.publishedPerSecond.set(this.publishedRate.perSecond());
  }

  private scheduleSample(): void {
    void this.sample();
    this.sampleTimer = this.deps.timers.setTimeout(() => {
      if (!this.stopped) this.scheduleSample();
    }, RATE_SAMPLE_MS);
  }

  private scheduleLine(): void {
    this.lineTimer = this.deps.timers.setTimeout(() => {
      this.report()
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'stats failed'))
        .finally(() => {
          if (!this.stopped) this.scheduleLine();
        });
    }, this.intervalMs);
  }
}
