import type { Document } from 'bson';
import type { ChangeLog } from './change-log.ts';
import { ChangeStreamCursor } from './change-stream-cursor.ts';
import { compileEventPipeline } from './change-stream-pipeline.ts';
import { createScope } from './change-stream-scope.ts';
import { parseChangeStreamSpec } from './change-stream-spec.ts';
import { resolveStart } from './change-stream-start.ts';
import { MongoCommandError } from './command-error.ts';
import type { ServerCursor } from './server-cursor.ts';

/** What a change stream needs from the rest of the server. */
export interface ChangeStreamHost {
  changeLog: ChangeLog;
  /** The current version of a document, for `fullDocument: 'updateLookup'`. */
  lookup(db: string, coll: string, documentKey: Document): Document | null;
}

export interface OpenChangeStreamRequest {
  /** The database the aggregate ran on (`admin` with `allChangesForCluster` for the deployment). */
  db: string;
  /** The collection, or undefined for `aggregate: 1` (a database- or cluster-wide stream). */
  coll?: string;
  /** The whole pipeline, `$changeStream` first. */
  pipeline: Document[];
  batchSize?: number;
  maxTimeMS?: number;
}

export interface OpenedChangeStream {
  cursor: ServerCursor;
  firstBatch: Document[];
  postBatchResumeToken: Document;
  /** True when the first batch already ended the stream (it holds an invalidate): reply with cursor id 0. */
  exhausted?: boolean;
}

/** MongoDB's first batch holds at most 101 documents unless the client asks otherwise. */
const DEFAULT_FIRST_BATCH = 101;

/**
 * Opens a `$changeStream` aggregate: validates the stage and the ones after it, resolves
 * where to start in the change log, and returns what is already available without waiting.
 */
export async function openChangeStream(host: ChangeStreamHost, req: OpenChangeStreamRequest): Promise<OpenedChangeStream> {
  const [first, ...rest] = req.pipeline;
  if (first === undefined || !('$changeStream' in first)) {
    throw new MongoCommandError(40602, 'Location40602', '$changeStream is only valid as the first stage in a pipeline');
  }
  const spec = parseChangeStreamSpec(first.$changeStream);
  const pipeline = compileEventPipeline(rest);
  const scope = createScope({ db: req.db, coll: req.coll, allChangesForCluster: spec.allChangesForCluster, showExpandedEvents: spec.showExpandedEvents });
  const start = resolveStart(host.changeLog, scope, spec);
  const events = { fullDocument: spec.fullDocument, fullDocumentBeforeChange: spec.fullDocumentBeforeChange, lookup: host.lookup.bind(host) };
  const cursor = new ChangeStreamCursor({ changeLog: host.changeLog, scope, events, pipeline, start });
  const batch = cursor.readNow(req.batchSize ?? DEFAULT_FIRST_BATCH);
  return { cursor, firstBatch: batch.docs, postBatchResumeToken: batch.postBatchResumeToken ?? {}, exhausted: batch.exhausted };
}
