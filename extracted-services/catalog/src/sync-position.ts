import type { AppliedPosition } from './product-store.ts';

/** The newest event processed, kept in memory; loaded from the store once at start. */
export interface SyncPosition {
  current(): AppliedPosition | undefined;
  advance(sequence: number, time: Date): void;
}

export function createSyncPosition(initial: AppliedPosition | undefined): SyncPosition {
  let position = initial;
  return {
    current: () => position,
    advance(sequence, time) {
      if (!position || sequence > position.sequence) position = { sequence, time };
    },
  };
}
