import type { Collection, Db } from 'mongodb';
import type { NotificationResponse, PeelEvent } from '#contracts';
import { applyIfNewer, insertOnce } from '#runtime';
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
  status: NotificationResponse['status'];
  createdAt: Date;
  sentAt: Date | null;
}

interface ContactDoc extends Contact {
  _id: string;
  sequence: number;
}

export interface NotificationStore {
  ensureIndexes(): Promise<void>;
  contactOf(userId: string): Promise<Contact | undefined>;
  /** Remembers a user's address; an older event never overwrites a newer one. */
  saveContact(userId: string, contact: Contact, sequence: number): Promise<'applied' | 'stale'>;
  /** Stores the notification of an event once; a redelivered event finds the first record. */
  record(event: PeelEvent, draft: NotificationDraft, to: string | null): Promise<{ notification: NotificationResponse; created: boolean }>;
  markSent(id: string, at: Date): Promise<NotificationResponse | undefined>;
  listByUser(userId: string, limit: number): Promise<NotificationResponse[]>;
}

export function createNotificationStore(db: Db): NotificationStore {
  const notifications: Collection<NotificationDoc> = db.collection('notifications');
  const contacts: Collection<ContactDoc> = db.collection('contacts');
  return {
    async ensureIndexes() {
      await notifications.createIndex({ userId: 1, createdAt: -1, _id: -1 });
    },
    async contactOf(userId) {
      const doc = await contacts.findOne({ _id: userId });
      return doc ? { email: doc.email, name: doc.name } : undefined;
    },
    saveContact(userId, contact, sequence) {
      return applyIfNewer(contacts, userId, sequence, { email: contact.email, name: contact.name });
    },
    async record(event, draft, to) {
      const doc: NotificationDoc = {
        _id: event.id,
        ...draft,
        channel: 'email',
        to,
        eventType: event.type,
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
    async markSent(id, at) {
      const doc = await notifications.findOneAndUpdate({ _id: id }, { $set: { status: 'sent', sentAt: at } }, { returnDocument: 'after' });
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
