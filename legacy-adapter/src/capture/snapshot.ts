import { randomUUID } from 'node:crypto';
import { EJSON } from 'bson';
import type { Collection, Document, MongoClient } from 'mongodb';
import type { WatchedDatabase } from '#contracts';
import type { Logger } from '#lib';
import type { SnapshotCollection, SnapshotRun, SnapshotRuns } from '../store/snapshots.ts';
import { Progress } from '../util/progress.ts';
import type { Ingest } from './ingest.ts';

export interface SnapshotDeps {
  client: MongoClient;
  /** The highest sequence stored so far. */
  lastSequence: () => number;
  runs: SnapshotRuns;
  ingest: Ingest;
  logger: Logger;
  batchSize: number;
  tty?: NodeJS.WriteStream | undefined;
}

/**
 * Copies every document of the watched collections as snapshot events. The stream
 * position is taken first (by the caller) and kept in the run, so the changes made
 * during the copy are streamed afterwards; the run's progress is saved per batch, so a
 * restarted adapter continues the copy instead of starting over.
 */
export class Snapshotter {
  constructor(private readonly deps: SnapshotDeps) {}

  /** Starts a new run at `startToken`. */
  async begin(watch: WatchedDatabase, startToken: Document): Promise<SnapshotRun> {
    const names = watch.collections ?? (await this.listCollections(watch.db));
    const collections: SnapshotCollection[] = names.map((name) => ({ name, lastId: null, copied: 0, total: 0, done: false }));
    const run: SnapshotRun = {
      _id: watch.db,
      runId: randomUUID(),
      startToken,
      startSequence: this.deps.lastSequence() + 1,
      status: 'copying',
      collections,
      startedAt: new Date(),
    };
    await this.deps.runs.save(run);
    this.deps.logger.info({ db: watch.db, runId: run.runId, collections: names }, 'snapshot started');
    return run;
  }

  /** Copies what the run has not copied yet and marks it done. */
  async copy(run: SnapshotRun, signal: AbortSignal): Promise<boolean> {
    const progress = new Progress(`snapshot ${run._id}`, { logger: this.deps.logger, tty: this.deps.tty });
    for (const [index, coll] of run.collections.entries()) {
      if (coll.done) continue;
      const finished = await this.copyCollection(run, index, coll, progress, signal);
      if (!finished) return false;
    }
    run.status = 'done';
    run.finishedAt = new Date();
    await this.deps.runs.save(run);
    const copied = run.collections.reduce((n, c) => n + c.copied, 0);
    this.deps.logger.info({ db: run._id, runId: run.runId, copied }, 'snapshot finished');
    return true;
  }

  private async copyCollection(run: SnapshotRun, index: number, coll: SnapshotCollection, progress: Progress, signal: AbortSignal): Promise<boolean> {
    const collection = this.deps.client.db(run._id).collection(coll.name);
    // What is left is not countable across _id types: a resumed copy estimates the total.
    coll.total = Math.max(coll.copied, await collection.countDocuments());
    progress.update({ db: run._id, collection: coll.name }, coll.copied, coll.total);
    while (!signal.aborted) {
      const docs = await this.nextBatch(collection, coll.lastId);
      if (docs.length === 0) {
        // Before the run records the collection as done, so a crash in between sends it again (same id).
        await this.deps.ingest.snapshotCompleted({ db: run._id, coll: coll.name, runId: run.runId, startSequence: run.startSequence, copied: coll.copied, startedAt: run.startedAt, time: new Date() });
        coll.done = true;
        coll.total = coll.copied;
        await this.deps.runs.saveProgress(run._id, index, coll);
        progress.update({ db: run._id, collection: coll.name }, coll.copied, coll.total);
        return true;
      }
      await this.deps.ingest.snapshot(docs, { db: run._id, coll: coll.name, runId: run.runId, time: new Date() });
      coll.lastId = docs[docs.length - 1]?._id;
      coll.copied += docs.length;
      coll.total = Math.max(coll.total, coll.copied);
      await this.deps.runs.saveProgress(run._id, index, coll);
      progress.update({ db: run._id, collection: coll.name }, coll.copied, coll.total);
    }
    return false;
  }

  /**
   * The documents after `lastId` in `_id` order. `min()` on the `_id` index, not `$gt`: a
   * `$gt` only matches `_id`s of the same BSON type, so a collection whose `_id`s mix types
   * (ObjectIds and strings, say) would be copied in part. `min()` is inclusive: the document
   * at `lastId`, already copied, is dropped.
   */
  private async nextBatch(collection: Collection, lastId: unknown): Promise<Document[]> {
    if (lastId === null) return collection.find({}, { sort: { _id: 1 }, limit: this.deps.batchSize }).toArray();
    const docs = await collection.find({}, { hint: { _id: 1 }, min: { _id: lastId }, sort: { _id: 1 }, limit: this.deps.batchSize + 1 }).toArray();
    if (docs.length > 0 && sameId(docs[0]?._id, lastId)) docs.shift();
    return docs.slice(0, this.deps.batchSize);
  }

  private async listCollections(db: string): Promise<string[]> {
    const infos = await this.deps.client.db(db).listCollections({}, { nameOnly: true }).toArray();
    return infos
      .map((c) => c.name)
      .filter((name) => !name.startsWith('system.'))
      .sort();
  }
}

/** Equal as `_id`s: the unique index takes 2, 2.0 and NumberLong(2) for one key. */
function sameId(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown) => EJSON.stringify({ v }, { relaxed: true });
  return canonical(a) === canonical(b) || (isNumeric(a) && isNumeric(b) && Number(a) === Number(b));
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  const type = (value as { _bsontype?: unknown } | null)?._bsontype;
  return type === 'Long' || type === 'Int32' || type === 'Double' || type === 'Decimal128';
}
