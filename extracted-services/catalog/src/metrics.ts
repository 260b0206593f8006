import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncLag } from '#contracts';

export interface CatalogMetrics {
  registry: Registry;
  applied: Counter<'eventType'>;
  stale: Counter<'eventType'>;
  failed: Counter<'eventType'>;
  /** Products tombstoned because a completed snapshot did not send them. */
  dropped: Counter;
}

/**
 * A registry per service instance. The lag gauges read `lag()` at scrape time, so
 * `/metrics` and `/readyz` always show the same figures.
 */
export function createCatalogMetrics(lag: () => Promise<SyncLag>): CatalogMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['eventType'] as const, registers: [registry] });
  const gauge = (name: string, help: string, pick: (l: SyncLag) => number | null) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = pick(await lag());
        // NaN is how Prometheus says "unknown"; 0 would claim the catalog is in sync.
        this.set(value ?? Number.NaN);
      },
    });
  gauge('peel_catalog_sync_lag_ms', 'Milliseconds behind the newest event the adapter stored (NaN when unknown)', (l) => l.ms);
  gauge('peel_catalog_sync_lag_events', 'Adapter events not yet applied (NaN when unknown)', (l) => l.sequence);
  gauge('peel_catalog_last_applied_sequence', 'Adapter sequence of the newest product event applied', (l) => l.lastAppliedSequence);
  return {
    registry,
    applied: counter('peel_catalog_events_applied_total', 'Product events applied'),
    stale: counter('peel_catalog_events_stale_total', 'Product events older than the stored state, skipped'),
    failed: counter('peel_catalog_events_failed_total', 'Product events whose application failed (retried by the runtime)'),
    dropped: new Counter({ name: 'peel_catalog_products_dropped_by_snapshot_total', help: 'Products tombstoned because a completed snapshot did not send them (deleted while unwatched)', registers: [registry] }),
  };
}
