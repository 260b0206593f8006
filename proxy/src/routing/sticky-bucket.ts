/** Buckets per percent point: 0.01 % resolution for canary shares. */
const BUCKETS = 10_000;

/**
 * The canary bucket of a user for one feature, in [0, 10000). The bucket depends only on
 * the feature and the sticky key, never on the percent, so raising the percent only moves
 * users whose bucket falls under the new threshold from legacy to the service.
 * FNV-1a with a murmur3 finaliser so the low bits spread evenly; fast, allocation-free,
 * and not a security boundary.
 */
export function stickyBucket(feature: string, key: string): number {
  const hash = mix(mix(mix(0x811c9dc5, feature), '\u0000'), key);
  return (avalanche(hash) >>> 0) % BUCKETS;
}

export function inCanary(bucket: number, percent: number): boolean {
  return bucket < Math.round(percent * (BUCKETS / 100));
}

function mix(start: number, text: string): number {
  let hash = start;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

function avalanche(start: number): number {
  let h = start ^ (start >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
