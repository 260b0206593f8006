import type { Collection, Db, Document } from 'mongodb';
import { COLLECTIONS } from './collections.ts';

interface CheckpointDoc {
  _id: string;
  resumeToken?: Document;
  sequence?: number;
  updatedAt: Date;
}

/**
 * Where each loop got to. Capture: one resume token per watched database. Relay: the
 * highest sequence whose whole prefix the broker confirmed.
 */
export class Checkpoints {
  private readonly collection: Collection<CheckpointDoc>;

  constructor(db: Db) {
    this.collection = db.collection<CheckpointDoc>(COLLECTIONS.checkpoints);
  }

  async captureToken(db: string): Promise<Document | undefined> {
    const doc = await this.collection.findOne({ _id: `capture:${db}` });
    return doc?.resumeToken;
  }

  async saveCaptureToken(db: string, resumeToken: Document): Promise<void> {
    await this.collection.updateOne({ _id: `capture:${db}` }, { $set: { resumeToken, updatedAt: new Date() } }, { upsert: true });
  }

  async clearCaptureToken(db: string): Promise<void> {
    await this.collection.deleteOne({ _id: `capture:${db}` });
  }

  async relaySequence(): Promise<number> {
    const doc = await this.collection.findOne({ _id: 'relay' });
    return doc?.sequence ?? 0;
  }

  async saveRelaySequence(sequence: number): Promise<void> {
    await this.collection.updateOne({ _id: 'relay' }, { $set: { sequence, updatedAt: new Date() } }, { upsert: true });
  }
}
