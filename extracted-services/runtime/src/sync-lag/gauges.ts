import { Gauge, type Registry } from 'prom-client';
import type { SyncLag } from '#contracts';

/**
 * `peel_<service>_sync_lag_ms`, `_sync_lag_events` and `_last_applied_sequence`, read from
 * `lag()` at scrape time, so `/metrics` and `/readyz` always show the same figures.
 */
export function registerSyncLagGauges(registry: Registry, service: string, lag: () => Promise<SyncLag>): void {
  const gauge = (name: string, help: string, pick: (l: SyncLag) => number | null) =>
    new Gauge({
      name: `peel_${service}_${name}`,
      help,
      registers: [registry],
      async collect() {
        const value = pick(await lag());
        // NaN is how Prometheus says "unknown"; 0 would claim the service is in sync.
        this.set(value ?? Number.NaN);
      },
    });
  gauge('sync_lag_ms', 'Milliseconds behind the newest event the adapter stored (NaN when unknown)', (l) => l.ms);
  gauge('sync_lag_events', 'Adapter events not yet applied (NaN when unknown)', (l) => l.sequence);
  gauge('last_applied_sequence', 'Adapter sequence of the newest event applied', (l) => l.lastAppliedSequence);
}
