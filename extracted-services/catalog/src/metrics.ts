import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncLag } from '#contracts';
import { registerSyncLagGauges } from '#runtime';

export interface CatalogMetrics {
  registry: Registry;
  applied: Counter<'eventType'>;
  stale: Counter<'eventType'>;
  failed: Counter<'eventType'>;
  /** Products tombstoned because a completed snapshot did not send them. */
  dropped: Counter;
}

/** A registry per service instance, with the sync lag gauges read from `lag()` at scrape time. */
export function createCatalogMetrics(lag: () => Promise<SyncLag>): CatalogMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['eventType'] as const, registers: [registry] });
  registerSyncLagGauges(registry, 'catalog', lag);
  return {
    registry,
    applied: counter('peel_catalog_events_applied_total', 'Product events applied'),
    stale: counter('peel_catalog_events_stale_total', 'Product events older than the stored state, skipped'),
    failed: counter('peel_catalog_events_failed_total', 'Product events whose application failed (retried by the runtime)'),
    dropped: new Counter({ name: 'peel_catalog_products_dropped_by_snapshot_total', help: 'Products tombstoned because a completed snapshot did not send them (deleted while unwatched)', registers: [registry] }),
  };
}
