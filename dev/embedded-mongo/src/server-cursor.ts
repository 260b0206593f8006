import type { Document } from 'bson';

export interface CursorBatch {
  docs: Document[];
  /** Change streams report their position on every batch, even an empty one. */
  postBatchResumeToken?: Document;
  /** True when the cursor has nothing more and the server should forget it (id 0). */
  exhausted: boolean;
}

/**
 * A server-side cursor: what `find` and `aggregate` leave behind for `getMore`. Find
 * cursors and change stream cursors both implement it; the cursor registry owns ids.
 */
export interface ServerCursor {
  /** `db.collection` as reported in replies (`db.$cmd.aggregate` for db-wide streams). */
  readonly ns: string;
  /** Tailable awaitData cursors (change streams) wait up to `maxTimeMS` for data. */
  getMore(options: { batchSize?: number; maxTimeMS?: number; signal: AbortSignal }): Promise<CursorBatch>;
  close(): void;
}
