import { z } from 'zod';
import { IsoDateTime } from '../common.ts';
import { defineEvent } from '../envelope.ts';

/**
 * The end of one collection's copy in one snapshot run. Every document of `namespace`
 * that still exists was sent by this run as a snapshot event with a sequence of at least
 * `startSequence`, and every event from before the run has a lower one. So an entity
 * whose newest applied sequence is below `startSequence` is gone from the legacy
 * database: it was deleted while nothing was watching (after a lost resume point, say),
 * or during the copy, in which case its delete event follows.
 */
export const SnapshotCompleted = z
  .object({
    runId: z.string().min(1).max(64),
    namespace: z.object({ db: z.string().min(1), coll: z.string().min(1) }).strict(),
    startSequence: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** Documents this run copied from the collection. */
    copied: z.int().min(0),
    startedAt: IsoDateTime,
  })
  .strict();
export type SnapshotCompleted = z.infer<typeof SnapshotCompleted>;

/** A snapshot finished copying a collection that has no domain mapping. */
export const LegacySnapshotCompletedV1 = defineEvent('legacy.snapshot-completed.v1', SnapshotCompleted);
