import type { Feature } from '#contracts';
import type { AuditEntry } from './audit.ts';
import type { FeatureOwnership } from './feature-store-ownership.ts';

/** Plain aligned columns, the first row as the header. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ')).join('\n');
}

export function describeOwnership(o: FeatureOwnership): string {
  if (o.mode === 'legacy') return 'legacy';
  if (o.mode === 'service') return `${o.owner} (service)`;
  return `${o.owner} (canary ${o.percent}%)`;
}

export function formatFeatureList(version: number, features: readonly Feature[]): string {
  const rows = [['FEATURE', 'OWNER', 'MODE', 'PERCENT', 'FALLBACK', 'ROUTES']];
  for (const f of features) rows.push([f.name, f.owner, f.mode, `${shareOf(f)}%`, f.fallback, routesOf(f)]);
  return `${formatTable(rows)}\n\nconfig version ${version}; ${features.filter((f) => f.mode !== 'legacy').length} of ${features.length} features on services`;
}

export function formatFeature(version: number, f: Feature): string {
  const rows: Array<[string, string]> = [
    ['feature', f.name],
    ['owner', f.owner],
    ['mode', f.mode],
    ['percent', `${shareOf(f)}% to ${f.mode === 'legacy' ? 'services' : f.owner}`],
    ['fallback', f.fallback],
    ['sticky', f.sticky.kind === 'client-address' ? 'client address' : `${f.sticky.kind} ${f.sticky.name}`],
    ['routes', routesOf(f)],
    ['priority', String(f.priority)],
    ['config version', String(version)],
  ];
  if (f.description) rows.splice(1, 0, ['description', f.description]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

export function formatAudit(entries: readonly AuditEntry[]): string {
  const rows = [['VERSION', 'AT', 'ACTOR', 'ACTION', 'CHANGE', 'REASON']];
  for (const e of entries) rows.push([String(e.version), e.at, e.actor, e.action, describeChange(e), e.reason ?? '']);
  return formatTable(rows);
}

function describeChange(e: AuditEntry): string {
  if (e.features.length !== 1) return `${e.features.length} features to legacy`;
  const name = e.features[0] as string;
  const before = e.before[name];
  const after = e.after[name];
  return before && after ? `${name}: ${describeOwnership(before)} -> ${describeOwnership(after)}` : name;
}

/** The share of the feature's traffic the new service gets. */
function shareOf(f: FeatureOwnership): number {
  if (f.mode === 'legacy') return 0;
  return f.mode === 'service' ? 100 : f.percent;
}

function routesOf(f: Feature): string {
  return `${f.match.methods.join(',')} ${f.match.paths.join(' ')}${f.match.children ? ' (+children)' : ''}`;
}
