import type { Collection, Db, Document } from 'mongodb';
import { COLLECTIONS } from './collections.ts';

export interface SnapshotCollection {
  name: string;
  /** The `_id` of the last document copied; copying restarts after it. */
  lastId: unknown;
  copied: number;
  total: number;
  done: boolean;
}

/** One snapshot run of one database: where streaming starts afterwards, and how far the copy got. */
export interface SnapshotRun {
  _id: string;
  runId: string;
  startToken: Document;
  /** Higher than the sequence of every event stored before the run, so every event of the run has at least this one. */
  startSequence: number;
  status: 'copying' | 'done';
  collections: SnapshotCollection[];
  startedAt: Date;
  finishedAt?: Date;
}

export class SnapshotRuns {
  private readonly collection: Collection<SnapshotRun>;

  constructor(db: Db) {
    this.collection = db.collection<SnapshotRun>(COLLECTIONS.snapshots);
  }

  /** The unfinished run of a database, if a previous process stopped during the copy. */
  async unfinished(db: string): Promise<SnapshotRun | null> {
    return this.collection.findOne({ _id: db, status: 'copying' });
  }

  async save(run: SnapshotRun): Promise<void> {
    await this.collection.replaceOne({ _id: run._id }, run, { upsert: true });
  }

  async saveProgress(db: string, index: number, progress: SnapshotCollection): Promise<void> {
    await this.collection.updateOne({ _id: db }, { $set: { [`collections.${index}`]: progress } });
  }
}
