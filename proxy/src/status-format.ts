import type { AdapterStatus } from '#contracts';
import { formatTable } from './features-cli-format.ts';
import type { LagFigures } from './observe/feature-ownership.ts';
import type { SideSummary } from './observe/feature-window.ts';
import type { ProgressReport, UpstreamLag } from './observe/progress-report.ts';
import { UNMATCHED, type FeatureTotals } from './observe/progress-tracker.ts';
import type { PartReading } from './status-sources.ts';

/** The `peel status` screen: proxy summary, one row per feature, services' lag, the adapter. */
export function formatStatus(proxy: PartReading<ProgressReport>, adapter: PartReading<AdapterStatus>): string {
  const lines = proxy.ok ? proxyLines(proxy.url, proxy.value) : [`proxy admin API ${proxy.url}: ${unreachableText(proxy)}`];
  lines.push('', adapter.ok ? adapterLine(adapter.url, adapter.value) : `adapter ${adapter.url}: ${unreachableText(adapter)}`);
  const missing = [proxy.ok ? undefined : 'proxy admin API', adapter.ok ? undefined : 'adapter'].filter((x) => x !== undefined);
  if (missing.length > 0) lines.push('', `unreachable: ${missing.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function proxyLines(url: string, report: ProgressReport): string[] {
  const o = report.overall;
  const rows = [['FEATURE', 'OWNER', 'MODE', 'PERCENT', 'REQUESTS', 'ON SERVICE', 'ERRORS L/S', 'P99 L/S', 'SERVICE LAG']];
  for (const f of report.features) rows.push(featureRow(f));
  return [
    `proxy ${url}: config version ${report.configVersion}, up ${duration(report.uptimeMs)}; ${o.requests} requests since start, ${percent(o.serviceShare)} served by services`,
    `features by owner: ${ownersLine(report.features)}; ${o.featuresOnServices} of ${o.features} on services, ${o.featuresInCanary} in canary`,
    '',
    formatTable(rows),
    'L/S: legacy side / service side; errors are 5xx answers and answers broken off',
    '',
    `services: ${report.upstreams.length === 0 ? 'none reports a readyzUrl' : report.upstreams.map(upstreamText).join('; ')}`,
  ];
}

function featureRow(f: FeatureTotals): string[] {
  return [
    f.feature,
    f.owner,
    f.mode,
    `${f.percent}%`,
    String(f.requests),
    f.requests === 0 ? '-' : percent(f.serviceShare),
    `${errorRate(f.legacy)} / ${errorRate(f.extracted)}`,
    `${p99(f.legacy)} / ${p99(f.extracted)}`,
    f.syncLag === undefined ? '-' : `${lagText(f.syncLag)}${f.ready === false ? ' (not ready)' : ''}`,
  ];
}

function upstreamText(u: UpstreamLag): string {
  if (u.ready === null) return `${u.upstream} unknown (${u.problem ?? 'no answer'})`;
  const state = u.ready ? 'ready' : `not ready${u.reasons.length > 0 ? ` (${u.reasons.join(', ')})` : ''}`;
  return `${u.upstream} ${state}, lag ${lagText(u.syncLag)}`;
}

function adapterLine(url: string, s: AdapterStatus): string {
  const state = s.ready ? 'ready' : `not ready (${s.reasons.join('; ')})`;
  return `adapter ${url}: ${state}; capture lag ${ms(s.capture.lagMs)} at sequence ${s.capture.lastSequence}; relay lag ${s.relay.lagEvents} events, ${ms(s.relay.lagMs)}${s.relay.blocked ? ', blocked' : ''}`;
}

function lagText(lag: LagFigures | null): string {
  if (lag === null) return 'unknown';
  return `${ms(lag.ms)}, ${lag.sequence === null ? 'unknown' : lag.sequence} events`;
}

function ownersLine(features: readonly FeatureTotals[]): string {
  const owners = ownersOf(features);
  return Object.entries(owners)
    .map(([owner, names]) => `${owner}: ${names.length}`)
    .join(', ');
}

/** Feature names per owner taking traffic; a canary counts for its service. Unmatched traffic is no feature. */
export function ownersOf(features: ReadonlyArray<Pick<FeatureTotals, 'feature' | 'owner' | 'mode'>>): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const f of features) {
    if (f.feature !== UNMATCHED) (owners[f.mode === 'legacy' ? 'legacy' : f.owner] ??= []).push(f.feature);
  }
  return owners;
}

/** "unreachable" unless the part answered with a coded refusal (a wrong token, say). */
function unreachableText(part: { problem: string; code?: string }): string {
  if (!part.code) return `unreachable: ${part.problem}`;
  return `${part.code === 'PEEL_PROXY_ADMIN_UNREACHABLE' ? 'unreachable' : 'refused'}: ${part.problem} (${part.code})`;
}

function errorRate(side: SideSummary): string {
  return side.requests === 0 ? '-' : percent(side.errorRate);
}

function p99(side: SideSummary): string {
  return side.requests === 0 ? '-' : `${side.p99Ms} ms`;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function ms(value: number | null): string {
  return value === null ? 'unknown ms' : `${Math.round(value)} ms`;
}

function duration(totalMs: number): string {
  const s = Math.floor(totalMs / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}
