import type { Collection, Db } from 'mongodb';
import type { NotificationResponse, PeelEvent } from '#contracts';
import { applyIfNewer, insertOnce, SEQUENCE_FIELD, type AppliedPosition } from '#runtime';
import type { Contact, NotificationDraft } from './compose.ts';

interface NotificationDoc {
  _id: string;
  userId: string;
  kind: NotificationResponse['kind'];
  channel: 'email';
  to: string | null;
  subject: string;
  body: string;
  orderId: string | null;
  eventType: string;
  /** The adapter sequence of the event, for the sync position after a restart. */
  sequence: number;
  status: NotificationResponse['status'];
  createdAt: Date;
  sentAt: Date | null;
  /** While set and in the future, one handler is sending; no other may start. */
  claimedUntil?: Date;
}

interface ContactDoc extends Contact {
  _id: string;
  /** The event the address came from (`SEQUENCE_FIELD`, set by `applyIfNewer`) and its time. */
  _sequence?: number;
  eventTime?: Date;
  /** Set when a completed snapshot did not send the user: gone from the legacy database. */
  deleted?: boolean;
}

export interface NotificationStore {
  ensureIndexes(): Promise<void>;
  contactOf(userId: string): Promise<Contact | undefined>;
  /** Remembers a user's address; an older event never overwrites a newer one. */
  saveContact(userId: string, contact: Contact, sequence: number, eventTime: Date): Promise<'applied' | 'stale'>;
  /**
   * Forgets every address no event since `startSequence` has touched: a user snapshot that
   * began there sent every user that exists. Kept as a tombstone just below the run, so an
   * event of the run still in flight brings the address back and an older one does not.
   */
  dropContactsNotSnapshotted(startSequence: number): Promise<number>;
  /** The newest event that left a record (a contact or a notification), where the sync position starts. */
  lastApplied(): Promise<AppliedPosition | undefined>;
  /** Stores the notification of an event once; a redelivered event finds the first record. */
  record(event: PeelEvent, draft: NotificationDraft, to: string | null): Promise<{ notification: NotificationResponse; created: boolean }>;
  /**
   * Takes the right to send a pending notification until `until`; undefined when it is
   * sent already or another handler holds an unexpired claim. The expiry frees a claim
   * whose holder died mid-send.
   */
  claim(id: string, now: Date, until: Date): Promise<NotificationResponse | undefined>;
  /** Gives a claim back after a failed send, so the retry need not wait for it to expire. */
  release(id: string): Promise<void>;
  markSent(id: string, at: Date): Promise<NotificationResponse | undefined>;
  listByUser(userId: string, limit: number): Promise<NotificationResponse[]>;
}

export function createNotificationStore(db: Db): NotificationStore {
  const notifications: Collection<NotificationDoc> = db.collection('notifications');
  const contacts: Collection<ContactDoc> = db.collection('contacts');
  return {
    async ensureIndexes() {
      await notifications.createIndex({ userId: 1, createdAt: -1, _id: -1 });
      await notifications.createIndex({ sequence: -1 });
      await contacts.createIndex({ [SEQUENCE_FIELD]: -1 });
    },
    async contactOf(userId) {
      const doc = await contacts.findOne({ _id: userId, deleted: { $ne: true } });
      return doc ? { email: doc.email, name: doc.name } : undefined;
    },
    saveContact(userId, contact, sequence, eventTime) {
      return applyIfNewer(contacts, userId, sequence, { email: contact.email, name: contact.name, eventTime });
    },
    async dropContactsNotSnapshotted(startSequence) {
      const result = await contacts.updateMany(
        { deleted: { $ne: true }, [SEQUENCE_FIELD]: { $lt: startSequence } },
        { $set: { deleted: true, [SEQUENCE_FIELD]: startSequence - 1 } },
      );
      return result.modifiedCount;
    },
    async lastApplied() {
      const [notification, contact] = await Promise.all([
        notifications.find({ sequence: { $exists: true } }, { projection: { sequence: 1, createdAt: 1 } }).sort({ sequence: -1 }).limit(1).next(),
        contacts.find({ [SEQUENCE_FIELD]: { $exists: true } }, { projection: { [SEQUENCE_FIELD]: 1, eventTime: 1 } }).sort({ [SEQUENCE_FIELD]: -1 }).limit(1).next(),
      ]);
      const positions: AppliedPosition[] = [];
      if (notification) positions.push({ sequence: notification.sequence, time: notification.createdAt });
      if (contact?._sequence !== undefined && contact.eventTime) positions.push({ sequence: contact._sequence, time: contact.eventTime });
      return positions.sort((a, b) => b.sequence - a.sequence)[0];
    },
    async record(event, draft, to) {
      const doc: NotificationDoc = {
        _id: event.id,
        ...draft,
        channel: 'email',
        to,
        eventType: event.type,
        sequence: event.sequence,
        status: 'pending',
        createdAt: new Date(event.time),
        sentAt: null,
      };
      if ((await insertOnce(notifications, doc)) === 'inserted') return { notification: toResponse(doc), created: true };
      // A retry may know the address the first attempt lacked (the registration came in meanwhile).
      const addressed = to === null ? null : await notifications.findOneAndUpdate({ _id: event.id, status: 'pending', to: null }, { $set: { to } }, { returnDocument: 'after' });
      const existing = addressed ?? (await notifications.findOne({ _id: event.id }));
      return { notification: toResponse(existing ?? doc), created: false };
    },
    async claim(id, now, until) {
      const free = { $or: [{ claimedUntil: { $exists: false } }, { claimedUntil: { $lte: now } }] };
      const doc = await notifications.findOneAndUpdate({ _id: id, status: 'pending', ...free }, { $set: { claimedUntil: until } }, { returnDocument: 'after' });
      return doc ? toResponse(doc) : undefined;
    },
    async release(id) {
      await notifications.updateOne({ _id: id, status: 'pending' }, { $unset: { claimedUntil: '' } });
    },
    async markSent(id, at) {
      const doc = await notifications.findOneAndUpdate({ _id: id }, { $set: { status: 'sent', sentAt: at }, $unset: { claimedUntil: '' } }, { returnDocument: 'after' });
      return doc ? toResponse(doc) : undefined;
    },
    async listByUser(userId, limit) {
      const docs = await notifications.find({ userId }).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toResponse);
    },
  };
}

function toResponse(doc: NotificationDoc): NotificationResponse {
  return {
    id: doc._id,
    userId: doc.userId,
    kind: doc.kind,
    channel: doc.channel,
    to: doc.to,
    subject: doc.subject,
    body: doc.body,
    orderId: doc.orderId,
    eventType: doc.eventType,
    status: doc.status,
    createdAt: doc.createdAt.toISOString(),
    sentAt: doc.sentAt ? doc.sentAt.toISOString() : null,
  };
}
