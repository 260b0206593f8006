import type { ChangeStreamOptions, Document } from 'mongodb';
import type { WatchedDatabase } from '#contracts';

/** Events that concern a database as a whole pass whatever collections are watched. */
const DATABASE_EVENTS = ['dropDatabase', 'invalidate'];

/** The `$match` of a database stream: only the watched collections (renames into them too). */
export function watchPipeline(watch: WatchedDatabase): Document[] {
  if (!watch.collections) return [];
  const colls = watch.collections;
  return [{ $match: { $or: [{ 'ns.coll': { $in: colls } }, { 'to.coll': { $in: colls } }, { operationType: { $in: DATABASE_EVENTS } }] } }];
}

export function streamOptions(startAfter: Document | undefined, maxAwaitMs: number, batchSize: number): ChangeStreamOptions {
  return {
    fullDocument: 'updateLookup',
    fullDocumentBeforeChange: 'whenAvailable',
    maxAwaitTimeMS: maxAwaitMs,
    batchSize,
    ...(startAfter ? { startAfter } : {}),
  };
}
