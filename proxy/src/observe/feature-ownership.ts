import { LEGACY, type Feature } from '#contracts';
import type { UpstreamReadiness } from './readiness-poller.ts';

/** How far a service is behind, as the progress lines and `/progress` show it. */
export interface LagFigures {
  ms: number | null;
  sequence: number | null;
}

export interface OwnershipFields {
  owner: string;
  mode: Feature['mode'];
  /** Share of the feature's traffic routed to the service: 0 on legacy, 100 on service, the canary's percent. */
  percent: number;
  /** Only when the owner is a service with a readyzUrl: its lag, null while unknown. */
  syncLag?: LagFigures | null;
  ready?: boolean | null;
}

export type ReadinessLookup = (upstream: string) => UpstreamReadiness | undefined;

/** The ownership of `feature` (legacy for unmatched traffic) and its owner's sync lag. */
export function ownershipFields(feature: Feature | undefined, readinessOf: ReadinessLookup): OwnershipFields {
  if (!feature) return { owner: LEGACY, mode: 'legacy', percent: 0 };
  const percent = feature.mode === 'legacy' ? 0 : feature.mode === 'service' ? 100 : feature.percent;
  const fields: OwnershipFields = { owner: feature.owner, mode: feature.mode, percent };
  const state = feature.owner === LEGACY ? undefined : readinessOf(feature.owner);
  if (!state) return fields;
  fields.syncLag = lagFigures(state);
  fields.ready = state.readiness?.ready ?? null;
  return fields;
}

/** The lag an upstream last reported; null when unknown (no answer, or no lag in it). */
export function lagFigures(state: UpstreamReadiness): LagFigures | null {
  const lag = state.readiness?.lag;
  return lag ? { ms: lag.ms, sequence: lag.sequence } : null;
}
