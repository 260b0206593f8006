import type { Document } from 'bson';
import type { ChangeLog } from './change-log.ts';
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
}

// Replaced by the change stream implementation (work in progress in this same session).
export async function openChangeStream(_host: ChangeStreamHost, _req: OpenChangeStreamRequest): Promise<OpenedChangeStream> {
  throw new MongoCommandError(115, 'CommandNotSupported', '$changeStream is not supported yet');
}
