import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { LEGACY } from '#contracts';
import type { UpstreamReadiness } from './readiness-poller.ts';
import { UPSTREAM_BROKEN, type RequestRecord } from './request-record.ts';

const STATUS_CLASS = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * Prometheus metrics of one proxy, in its own registry (so several proxies in one process,
 * as in tests, do not share counters).
 */
export class ProxyMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'peel_proxy_requests_total',
    help: 'Requests by feature, owner and status class',
    labelNames: ['feature', 'owner', 'status_class'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'peel_proxy_request_duration_seconds',
    help: 'Request latency through the proxy, by side (legacy or service) and owner',
    labelNames: ['side', 'owner'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: 'peel_proxy_fallbacks_total',
    help: 'Requests a service failed that were retried on legacy (log reason "fallback"), by feature',
    labelNames: ['feature'] as const,
    registers: [this.registry],
  });
  private readonly version = new Gauge({
    name: 'peel_proxy_config_version',
    help: 'Version of the feature table in force',
    registers: [this.registry],
  });
  private readonly syncLagMs = new Gauge({
    name: 'peel_proxy_upstream_sync_lag_ms',
    help: 'Sync lag in ms an upstream service last reported on its /readyz (absent while unknown)',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  private readonly syncLagEvents = new Gauge({
    name: 'peel_proxy_upstream_sync_lag_events',
    help: 'Events (by adapter sequence) an upstream service last reported not having applied (absent while unknown)',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });
  private readonly upstreamReady = new Gauge({
    name: 'peel_proxy_upstream_ready',
    help: 'Whether an upstream service last reported ready on its /readyz: 1 or 0 (absent while unknown)',
    labelNames: ['upstream'] as const,
    registers: [this.registry],
  });

  /** Labelled children by label values: prom-client hashes label objects on every call otherwise. */
  private readonly counters = new Map<string, { inc(): void }>();
  private readonly histograms = new Map<string, { observe(value: number): void }>();

  record(record: RequestRecord): void {
    const owner = record.owner ?? 'none';
    const feature = record.feature ?? 'none';
    // An answer broken off after its head is a failure, whatever status the head carried.
    const statusClass = record.code === UPSTREAM_BROKEN ? '5xx' : (STATUS_CLASS[Math.floor(record.status / 100)] ?? '5xx');
    const key = `${feature}\u0000${owner}\u0000${statusClass}`;
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = this.requests.labels(feature, owner, statusClass)));
    counter.inc();
    if (record.reason === 'fallback') this.fallbacks.inc({ feature });
    if (record.owner === null) return;
    let histogram = this.histograms.get(owner);
    if (!histogram) this.histograms.set(owner, (histogram = this.latency.labels(owner === LEGACY ? 'legacy' : 'service', owner)));
    histogram.observe(record.ms / 1000);
  }

  setConfigVersion(version: number): void {
    this.version.set(version);
  }

  /** Unknown figures are removed, not set to 0: a dead /readyz must not read as "caught up". */
  setUpstreamReadiness(state: UpstreamReadiness): void {
    const lag = state.readiness?.lag;
    setOrRemove(this.syncLagMs, state.upstream, lag?.ms ?? null);
    setOrRemove(this.syncLagEvents, state.upstream, lag?.sequence ?? null);
    setOrRemove(this.upstreamReady, state.upstream, state.readiness ? Number(state.readiness.ready) : null);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

function setOrRemove(gauge: Gauge<'upstream'>, upstream: string, value: number | null): void {
  if (value === null) gauge.remove(upstream);
  else gauge.set({ upstream }, value);
}
