export { computeSyncLag } from './compute.ts';
export type { AppliedPosition, SyncPosition } from './position.ts';
export { createSyncLagTracker, type SyncLagOptions, type SyncLagTracker } from './tracker.ts';
export { registerSyncLagGauges } from './gauges.ts';
