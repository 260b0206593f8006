import { z } from 'zod';
import { Email, IsoDateTime, ObjectIdString } from '../common.ts';
import { defineEvent } from '../envelope.ts';
import { SnapshotCompleted } from './snapshot-completed.ts';

export const UserState = z
  .object({
    userId: ObjectIdString,
    email: Email,
    name: z.string().min(1).max(200),
    registeredAt: IsoDateTime,
  })
  .strict();
export type UserState = z.infer<typeof UserState>;

export const UserRegisteredV1 = defineEvent('shop.user.registered.v1', UserState);

/** The current state of a user, emitted by the adapter's snapshot, never by a live change. */
export const UserSnapshotV1 = defineEvent('shop.user.snapshot.v1', UserState);

/** The adapter's snapshot has sent every user that exists; see SnapshotCompleted. */
export const UserSnapshotCompletedV1 = defineEvent('shop.user.snapshot-completed.v1', SnapshotCompleted);
