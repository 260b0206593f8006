import type { Collection, Db } from 'mongodb';
import type { StoredEvent } from './event-store.ts';
import { COLLECTIONS } from './collections.ts';

export interface ParkedEvent {
  _id: string;
  sequence: number;
  type: string;
  reason: string;
  attempts: number;
  parkedAt: Date;
}

/** Events the broker could not route after every retry; `peel replay` can send them again. */
export class ParkedEvents {
  readonly collection: Collection<ParkedEvent>;

  constructor(db: Db) {
    this.collection = db.collection<ParkedEvent>(COLLECTIONS.parked);
  }

  async park(event: StoredEvent, reason: string, attempts: number): Promise<void> {
    const doc = { sequence: event.sequence, type: event.type, reason, attempts, parkedAt: new Date() };
    await this.collection.updateOne({ _id: event.id }, { $set: doc }, { upsert: true });
  }
}
