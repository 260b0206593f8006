import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from './collections.ts';

export interface RejectedChange {
  /** The id the event would have had, so re-reading the same change does not add a second entry. */
  _id: string;
  reason: string;
  code: string;
  namespace: string;
  operation: string;
  /** The change stream event or copied document as received, in relaxed Extended JSON (its field names may hold dots). */
  raw: string;
  eventType?: string;
  rejectedAt: Date;
}

/** Changes that could not become a valid event, kept with the reason for an operator. */
export class RejectedChanges {
  readonly collection: Collection<RejectedChange>;

  constructor(db: Db) {
    this.collection = db.collection<RejectedChange>(COLLECTIONS.rejected);
  }

  async add(id: string, entry: Omit<RejectedChange, '_id' | 'rejectedAt'>): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { ...entry, rejectedAt: new Date() } }, { upsert: true });
  }
}
