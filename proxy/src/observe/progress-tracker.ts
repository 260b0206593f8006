import type { Logger } from 'pino';
import { LEGACY, type Feature, type FeatureTable } from '#contracts';
import { ownershipFields, type OwnershipFields, type ReadinessLookup } from './feature-ownership.ts';
import { FeatureWindow, share, type SideSummary } from './feature-window.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { failedUpstream, type RequestRecord } from './request-record.ts';

export const UNMATCHED = '(unmatched)';

/** One feature's counters: the current progress interval, and everything since start. */
interface FeatureCounters {
  readonly window: FeatureWindow;
  readonly total: FeatureWindow;
}

/** Totals of one feature since the proxy started, with its ownership and owner's lag. */
export type FeatureTotals = { feature: string } & OwnershipFields & { requests: number; serviceShare: number; legacy: SideSummary; extracted: SideSummary };

/**
 * Migration progress. Per interval: a line per feature that saw traffic (its ownership and
 * owner's sync lag, requests, share served by services, error rate and p50/p99 per side) and
 * an overall line (N of M features on services, their share of all traffic). Beside each
 * window a cumulative copy is kept for `/progress`; both are fed from one map lookup.
 */
export class ProgressTracker {
  private readonly counters = new Map<string, FeatureCounters>();
  readonly startedAt = new Date();

  constructor(
    private readonly logger: Logger,
    private readonly readinessOf: ReadinessLookup = () => undefined,
  ) {}

  add(record: RequestRecord): void {
    if (record.owner === null) return;
    const name = record.feature ?? UNMATCHED;
    let counters = this.counters.get(name);
    if (!counters) this.counters.set(name, (counters = { window: new FeatureWindow(), total: new FeatureWindow() }));
    const bucket = LatencyHistogram.bucketOf(record.ms);
    const legacy = record.owner === LEGACY;
    const failed = failedUpstream(record);
    (legacy ? counters.window.legacy : counters.window.service).add(failed, bucket);
    (legacy ? counters.total.legacy : counters.total.service).add(failed, bucket);
  }

  /** Logs the window that just ended and starts a new one. */
  flush(table: FeatureTable, configVersion: number, intervalMs: number): void {
    const features = featuresByName(table);
    let total = 0;
    let onServices = 0;
    for (const [feature, { window }] of this.counters) {
      if (window.requests === 0) continue;
      total += window.requests;
      onServices += window.service.requests;
      const ownership = ownershipFields(features.get(feature), this.readinessOf);
      this.logger.info({ feature, ...ownership, ...window.summary(), intervalMs }, 'progress');
      window.reset();
    }
    this.logger.info({ requests: total, serviceShare: share(onServices, total), ...tableCounts(table), configVersion, intervalMs }, 'progress overall');
  }

  /** Every feature of `table` (and unmatched traffic, if any) with its totals since start. */
  totals(table: FeatureTable): { features: FeatureTotals[]; overall: { requests: number; serviceShare: number } } {
    const empty = new FeatureWindow();
    const features = featuresByName(table);
    const names = [...features.keys(), ...[...this.counters.keys()].filter((n) => !features.has(n))];
    let requests = 0;
    let onServices = 0;
    const rows = names.map((feature) => {
      const total = this.counters.get(feature)?.total ?? empty;
      requests += total.requests;
      onServices += total.service.requests;
      return { feature, ...ownershipFields(features.get(feature), this.readinessOf), ...total.summary() };
    });
    return { features: rows, overall: { requests, serviceShare: share(onServices, requests) } };
  }
}

export function tableCounts(table: FeatureTable): { features: number; featuresOnServices: number; featuresInCanary: number } {
  return {
    features: table.features.length,
    featuresOnServices: table.features.filter((f) => f.mode === 'service').length,
    featuresInCanary: table.features.filter((f) => f.mode === 'canary').length,
  };
}

function featuresByName(table: FeatureTable): Map<string, Feature> {
  return new Map(table.features.map((f) => [f.name, f]));
}
