/** The newest event a service applied: where it is in the adapter's stream. */
export interface AppliedPosition {
  sequence: number;
  time: Date;
}

/** The newest event processed, kept in memory; loaded from the service's store once at start. */
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
