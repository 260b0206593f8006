import type { FeatureOwnership } from './feature-store-ownership.ts';

export type AuditAction = 'update' | 'rollback' | 'rollback-all';

/** Who made a change, as the audit log keeps it: 1 to 100 printable ASCII characters, not starting with a space. */
export const ACTOR_PATTERN = /^[\x21-\x7e][\x20-\x7e]{0,99}$/;

/** One applied change: who made it, when, what it was before and after, and why. */
export interface AuditEntry {
  readonly version: number;
  readonly at: string;
  readonly actor: string;
  readonly action: AuditAction;
  /** The features the change touched (one, or every feature rolled back by the kill switch). */
  readonly features: readonly string[];
  readonly before: Readonly<Record<string, FeatureOwnership>>;
  readonly after: Readonly<Record<string, FeatureOwnership>>;
  readonly reason?: string;
}

export interface AuditQuery {
  feature?: string;
  limit?: number;
  /** Only entries older than this config version: the next page after one that ended just above it. */
  before?: number;
}

export const DEFAULT_AUDIT_LIMIT = 100;

/** Newest first, optionally only the entries touching one feature. */
export function selectAudit(entries: readonly AuditEntry[], query: AuditQuery = {}): AuditEntry[] {
  const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
  const matching = entries.filter((e) => (query.feature === undefined || e.features.includes(query.feature)) && (query.before === undefined || e.version < query.before));
  return [...matching].sort((a, b) => b.version - a.version).slice(0, limit);
}
