import { LEGACY, type Feature } from '#contracts';
import { inCanary, stickyBucket } from './sticky-bucket.ts';

export type DecisionReason = 'default' | 'toggle' | 'canary' | 'override' | 'fallback';
export type ForcedSide = 'legacy' | 'service';
type StickyKey = Feature['sticky'];

export interface OwnerDecision {
  readonly owner: string;
  readonly reason: DecisionReason;
}

export interface DecisionInput {
  /** `x-peel-owner`, already checked against the admin token; undefined otherwise. */
  readonly forced: ForcedSide | undefined;
  /** The value of the feature's sticky key for this request. */
  stickyValue(key: StickyKey): string;
}

const LEGACY_DEFAULT: OwnerDecision = Object.freeze({ owner: LEGACY, reason: 'default' });
const LEGACY_OVERRIDE: OwnerDecision = Object.freeze({ owner: LEGACY, reason: 'override' });

/** Who serves a request of `feature` (undefined: no feature matched). Pure. */
export function decideOwner(feature: Feature | undefined, input: DecisionInput): OwnerDecision {
  if (!feature) return input.forced === 'legacy' ? LEGACY_OVERRIDE : LEGACY_DEFAULT;
  if (input.forced === 'legacy') return LEGACY_OVERRIDE;
  const hasService = feature.owner !== LEGACY;
  if (input.forced === 'service' && hasService) return { owner: feature.owner, reason: 'override' };
  switch (feature.mode) {
    case 'legacy':
      return LEGACY_DEFAULT;
    case 'service':
      return { owner: feature.owner, reason: 'toggle' };
    case 'canary': {
      const bucket = stickyBucket(feature.name, input.stickyValue(feature.sticky));
      return { owner: inCanary(bucket, feature.percent) ? feature.owner : LEGACY, reason: 'canary' };
    }
  }
}
