import type { Feature } from '#contracts';

/** The part of a feature that changes at run time; everything else comes from the features file. */
export interface FeatureOwnership {
  owner: string;
  mode: Feature['mode'];
  percent: number;
  fallback: Feature['fallback'];
}

export function ownershipOf(feature: FeatureOwnership): FeatureOwnership {
  return { owner: feature.owner, mode: feature.mode, percent: feature.percent, fallback: feature.fallback };
}

export function sameOwnership(a: FeatureOwnership, b: FeatureOwnership): boolean {
  return a.owner === b.owner && a.mode === b.mode && a.percent === b.percent && a.fallback === b.fallback;
}
