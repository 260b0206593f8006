import { EventEmitter, once } from 'node:events';
import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import type { EnvelopeBase } from '#contracts';
import type { EventDraft } from '../mapping/draft.ts';
import { COLLECTIONS } from './collections.ts';

export type StoredEvent = EnvelopeBase;

/**
 * What one append made visible: every stored event with a sequence in
 * (previous, visible], in order (sequences of skipped duplicates are gaps).
 */
export interface Appended {
  previous: number;
  visible: number;
  events: StoredEvent[];
}

export interface AppendResult {
  stored: number;
  duplicates: number;
}

const DUPLICATE_KEY = 11000;

/**
 * The `events` collection: every captured event once (unique `id`), numbered by a
 * monotonic `sequence`. Appends run one at a time, and readers only see sequences up to
 * the last finished append, so the relay can never read 12 before 11 is visible.
 * The counter restarts from the highest stored sequence, so it survives restarts.
 * Each append is announced with its events (`appended`), so a caught-up reader can take
 * them without querying.
 */
export class EventStore extends EventEmitter {
  readonly collection: Collection<StoredEvent>;
  private last = 0;
  private visible = 0;
  private lastTime: string | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(db: Db) {
    super();
    this.collection = db.collection<StoredEvent>(COLLECTIONS.events);
  }

  async init(): Promise<void> {
    await this.collection.createIndexes([
      { key: { id: 1 }, name: 'id_unique', unique: true },
      { key: { sequence: 1 }, name: 'sequence' },
      { key: { type: 1 }, name: 'type' },
      { key: { subject: 1 }, name: 'subject' },
      { key: { time: 1 }, name: 'time' },
    ]);
    const newest = await this.collection.find({}, { projection: { _id: 0, sequence: 1, time: 1 } }).sort({ sequence: -1 }).limit(1).next();
    this.last = newest?.sequence ?? 0;
    this.visible = this.last;
    this.lastTime = newest?.time ?? null;
  }

  /** The highest sequence readers may see. */
  get lastSequence(): number {
    return this.visible;
  }

  get lastEventTime(): string | null {
    return this.lastTime;
  }

  /** Stores drafts in order; ids already stored are skipped silently (a re-read change). */
  append(drafts: EventDraft[]): Promise<AppendResult> {
    const run = this.tail.then(() => this.insert(drafts));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Events after `sequence`, oldest first, at most `limit`. */
  async readAfter(sequence: number, limit: number): Promise<StoredEvent[]> {
    if (sequence >= this.visible) return [];
    return this.collection
      .find({ sequence: { $gt: sequence, $lte: this.visible } }, { projection: { _id: 0 } })
      .sort({ sequence: 1 })
      .limit(limit)
      .toArray();
  }

  /** Resolves at the next append, or when the signal aborts. */
  async nextAppend(signal: AbortSignal): Promise<void> {
    await once(this, 'appended', { signal }).catch(() => undefined);
  }

  private async insert(drafts: EventDraft[]): Promise<AppendResult> {
    if (drafts.length === 0) return { stored: 0, duplicates: 0 };
    const docs = drafts.map((d) => ({ ...d, sequence: ++this.last }));
    let duplicates = new Set<number>();
    try {
      // A copy per document: the driver adds `_id` to what it inserts.
      await this.collection.insertMany(docs.map((d) => ({ ...d })), { ordered: false });
    } catch (err) {
      duplicates = duplicateIndexes(err);
    }
    const stored = duplicates.size === 0 ? docs : docs.filter((_, i) => !duplicates.has(i));
    // Sequences before this batch may belong to a failed append whose documents partly
    // landed: the announcement only vouches for this batch's range.
    const previous = (docs[0]?.sequence ?? this.last + 1) - 1;
    this.visible = this.last;
    this.lastTime = docs[docs.length - 1]?.time ?? this.lastTime;
    const appended: Appended = { previous, visible: this.visible, events: stored };
    this.emit('appended', appended);
    return { stored: stored.length, duplicates: duplicates.size };
  }
}

/** The positions of duplicate-id failures in the batch; rethrows anything else. */
function duplicateIndexes(err: unknown): Set<number> {
  if (!(err instanceof MongoBulkWriteError)) throw err;
  const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  if (errors.length === 0 || errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
  return new Set(errors.map((e) => e.index));
}
