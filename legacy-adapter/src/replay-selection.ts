import type { SnapshotCompleted } from '#contracts';
import type { StoredEvent } from './store/event-store.ts';

/** What a replay republishes: these types, from this time, after this sequence. */
export interface ReplaySelection {
  types: readonly string[];
  since?: Date | undefined;
  afterSequence?: number | undefined;
}

export function isSnapshotCompleted(event: StoredEvent): boolean {
  return event.type.endsWith('.snapshot-completed.v1');
}

/** The type of the snapshot events an end-of-copy marker closes. */
function snapshotTypeOf(markerType: string): string {
  return markerType === 'legacy.snapshot-completed.v1' ? 'legacy.change.v1' : markerType.replace(/\.snapshot-completed\.v1$/, '.snapshot.v1');
}

/**
 * Whether the selection holds every snapshot event of the run an end-of-copy marker closes.
 * A consumer given the marker without its run would drop entities that still exist, so
 * replay leaves such a marker out. The run's events are all of the snapshot type, copied at
 * or after `startedAt`, numbered from `startSequence` on.
 */
export function holdsWholeRun(marker: StoredEvent, selection: ReplaySelection): boolean {
  const run = marker.data as SnapshotCompleted;
  if (!selection.types.includes(snapshotTypeOf(marker.type))) return false;
  if (selection.since && Date.parse(run.startedAt) < selection.since.getTime()) return false;
  if (selection.afterSequence !== undefined && run.startSequence <= selection.afterSequence) return false;
  return true;
}
