/** The adapter's own collections, in its own database (never captured). */
export const COLLECTIONS = {
  events: 'events',
  checkpoints: 'checkpoints',
  rejected: 'rejected',
  parked: 'parked',
  snapshots: 'snapshots',
} as const;
