import type { FeatureTable } from '#contracts';
import { lagFigures, type LagFigures } from './feature-ownership.ts';
import { tableCounts, type FeatureTotals, type ProgressTracker } from './progress-tracker.ts';
import type { UpstreamReadiness } from './readiness-poller.ts';

export interface UpstreamLag {
  upstream: string;
  readyzUrl: string;
  /** null while unknown (never polled, or the last poll failed). */
  ready: boolean | null;
  syncLag: LagFigures | null;
  reasons: string[];
  checkedAt: string | null;
  problem: string | null;
}

/** `GET /progress` on the admin API: totals since the proxy started, and each service's lag. */
export interface ProgressReport {
  configVersion: number;
  since: string;
  uptimeMs: number;
  overall: { requests: number; serviceShare: number; features: number; featuresOnServices: number; featuresInCanary: number };
  features: FeatureTotals[];
  upstreams: UpstreamLag[];
}

export function buildProgressReport(tracker: ProgressTracker, table: FeatureTable, configVersion: number, upstreams: UpstreamReadiness[]): ProgressReport {
  const { features, overall } = tracker.totals(table);
  return {
    configVersion,
    since: tracker.startedAt.toISOString(),
    uptimeMs: Date.now() - tracker.startedAt.getTime(),
    overall: { ...overall, ...tableCounts(table) },
    features,
    upstreams: upstreams.map(upstreamLag),
  };
}

function upstreamLag(state: UpstreamReadiness): UpstreamLag {
  return {
    upstream: state.upstream,
    readyzUrl: state.readyzUrl,
    ready: state.readiness?.ready ?? null,
    syncLag: lagFigures(state),
    reasons: state.readiness?.reasons ?? [],
    checkedAt: state.checkedAt,
    problem: state.problem,
  };
}
