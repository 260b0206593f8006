import type { Logger } from 'pino';
import { LEGACY, type FeatureTable } from '#contracts';
import { LatencyHistogram } from './latency-histogram.ts';
import type { RequestRecord } from './request-record.ts';

class SideWindow {
  requests = 0;
  errors = 0;
  readonly latency = new LatencyHistogram();

  add(record: RequestRecord): void {
    this.requests++;
    if (record.status >= 500) this.errors++;
    this.latency.record(record.ms);
  }

  summary(): { requests: number; errorRate: number; p50Ms: number; p99Ms: number } {
    const errorRate = this.requests === 0 ? 0 : round(this.errors / this.requests);
    return { requests: this.requests, errorRate, p50Ms: this.latency.quantile(0.5), p99Ms: this.latency.quantile(0.99) };
  }
}

class FeatureWindow {
  readonly legacy = new SideWindow();
  readonly service = new SideWindow();
}

const UNMATCHED = '(unmatched)';

/**
 * Migration progress, one window per interval: a line per feature that saw traffic
 * (requests, share served by services, error rate and p50/p99 per side) and an overall
 * line (N of M features on services, their share of all traffic).
 */
export class ProgressTracker {
  private windows = new Map<string, FeatureWindow>();

  constructor(private readonly logger: Logger) {}

  add(record: RequestRecord): void {
    if (record.owner === null) return;
    const name = record.feature ?? UNMATCHED;
    let window = this.windows.get(name);
    if (!window) this.windows.set(name, (window = new FeatureWindow()));
    (record.owner === LEGACY ? window.legacy : window.service).add(record);
  }

  /** Logs the window that just ended and starts a new one. */
  flush(table: FeatureTable, configVersion: number, intervalMs: number): void {
    const windows = this.windows;
    this.windows = new Map();
    let total = 0;
    let onServices = 0;
    for (const [feature, w] of windows) {
      const requests = w.legacy.requests + w.service.requests;
      total += requests;
      onServices += w.service.requests;
      this.logger.info(
        { feature, requests, serviceShare: share(w.service.requests, requests), legacy: w.legacy.summary(), service: w.service.summary(), intervalMs },
        'progress',
      );
    }
    const features = table.features.length;
    const featuresOnServices = table.features.filter((f) => f.mode === 'service').length;
    const featuresInCanary = table.features.filter((f) => f.mode === 'canary').length;
    this.logger.info(
      { requests: total, serviceShare: share(onServices, total), features, featuresOnServices, featuresInCanary, configVersion, intervalMs },
      'progress overall',
    );
  }
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : round(part / whole);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
