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
  /** The coded error when Peel answered instead of the upstream. */
  code?: string;
}
