import { LatencyHistogram } from './latency-histogram.ts';

export interface SideSummary {
  requests: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
}

/** Requests, failures (5xx, broken answers) and latency of one side (legacy or service) of one feature. */
export class SideWindow {
  requests = 0;
  errors = 0;
  readonly latency = new LatencyHistogram();

  add(failed: boolean, latencyBucket: number): void {
    this.requests++;
    if (failed) this.errors++;
    this.latency.recordBucket(latencyBucket);
  }

  reset(): void {
    this.requests = 0;
    this.errors = 0;
    this.latency.reset();
  }

  summary(): SideSummary {
    const errorRate = this.requests === 0 ? 0 : round(this.errors / this.requests);
    return { requests: this.requests, errorRate, p50Ms: this.latency.quantile(0.5), p99Ms: this.latency.quantile(0.99) };
  }
}

/** Both sides of one feature over some span (one progress interval, or since start). */
export class FeatureWindow {
  readonly legacy = new SideWindow();
  readonly service = new SideWindow();

  get requests(): number {
    return this.legacy.requests + this.service.requests;
  }

  reset(): void {
    this.legacy.reset();
    this.service.reset();
  }

  /** `extracted` is the service side; not `service`, which every log line already has as the logger's name. */
  summary(): { requests: number; serviceShare: number; legacy: SideSummary; extracted: SideSummary } {
    return { requests: this.requests, serviceShare: share(this.service.requests, this.requests), legacy: this.legacy.summary(), extracted: this.service.summary() };
  }
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : round(part / whole);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
