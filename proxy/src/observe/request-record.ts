import { proxyErrors } from '../errors.ts';
import type { DecisionReason } from '../routing/owner-decision.ts';

/** One routed request: the fields of its log line, its metrics and its progress sample. */
export interface RequestRecord {
  reqId: string;
  method: string;
  /** The template that matched, or null when the request matched no feature. */
  route: string | null;
  feature: string | null;
  owner: string | null;
  reason: DecisionReason | 'refused' | null;
  upstream: string | null;
  status: number;
  ms: number;
  configVersion: number;
  /** The coded error when Peel answered instead of the upstream, or when the upstream's answer broke off. */
  code?: string;
}

/** Code of an answer that broke off after its head was sent: failed, whatever its status. */
export const UPSTREAM_BROKEN = proxyErrors.upstreamBroken.code;

/** The request failed on the proxy's or an upstream's side (a 5xx, or an answer broken off). */
export function failedUpstream(record: Pick<RequestRecord, 'status' | 'code'>): boolean {
  return record.status >= 500 || record.code === UPSTREAM_BROKEN;
}
