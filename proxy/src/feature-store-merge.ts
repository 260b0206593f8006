import { Feature, LEGACY, type FeatureTable } from '#contracts';
import type { FeatureOwnership } from './feature-store-ownership.ts';
import type { PersistedState } from './store-backend.ts';

export interface MergedTable {
  table: FeatureTable;
  /** Features whose stored ownership no longer fits the file (e.g. its upstream was removed). */
  ignored: string[];
}

/**
 * The table in force: the features file gives the features and upstreams; the stored state
 * overrides ownership of the features that still exist. Features new in the file keep the
 * file's ownership, features gone from the file disappear.
 */
export function mergeState(base: FeatureTable, state: PersistedState): MergedTable {
  const ignored: string[] = [];
  const features = base.features.map((feature) => {
    const stored = state.features[feature.name];
    if (!stored) return feature;
    if (!fits(base, feature, stored)) {
      ignored.push(feature.name);
      return feature;
    }
    return { ...feature, ...stored };
  });
  return { table: { upstreams: base.upstreams, features }, ignored };
}

function fits(base: FeatureTable, feature: Feature, stored: FeatureOwnership): boolean {
  if (stored.owner !== LEGACY && !base.upstreams[stored.owner]) return false;
  return Feature.safeParse({ ...feature, ...stored }).success;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
