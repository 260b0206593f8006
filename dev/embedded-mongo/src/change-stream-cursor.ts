import { BSON, type Document, type Timestamp } from 'bson';
import type { ChangeLog, ChangeRecord } from './change-log.ts';
import { buildChangeEvent, buildInvalidateEvent, changeToken, type ChangeEventOptions } from './change-event.ts';
import { historyLost } from './change-stream-errors.ts';
import type { EventPipeline } from './change-stream-pipeline.ts';
import type { ChangeStreamScope } from './change-stream-scope.ts';
import type { StartPoint } from './change-stream-start.ts';
import { encodeResumeToken } from './resume-token.ts';
import type { CursorBatch, ServerCursor } from './server-cursor.ts';

export interface ChangeStreamCursorParts {
  changeLog: ChangeLog;
  scope: ChangeStreamScope;
  events: ChangeEventOptions;
  pipeline: EventPipeline;
  start: StartPoint;
}

/** MongoDB waits this long on an awaitData getMore that names no maxTimeMS. */
export const DEFAULT_AWAIT_MS = 1000;
/** Replies stay under MongoDB's 16 MiB, leaving room for the cursor envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;
const READ_CHUNK = 256;

/** A tailable, awaitData cursor over the change log, as `$changeStream` leaves behind. */
export class ChangeStreamCursor implements ServerCursor {
  readonly ns: string;
  private readonly parts: ChangeStreamCursorParts;
  /** The next change log position to scan. */
  private position: number;
  private pendingInvalidate: ChangeRecord | undefined;
  private ended = false;
  /** Wakes a waiting getMore when the cursor is killed (killCursors arrives on another connection). */
  private readonly killed = new AbortController();
  /** The cluster time of the last record scanned (or of the start point). */
  private scannedTime: Timestamp;

  constructor(parts: ChangeStreamCursorParts) {
    this.parts = parts;
    this.ns = parts.scope.ns;
    this.position = parts.start.position;
    this.pendingInvalidate = parts.start.pendingInvalidate;
    this.scannedTime = parts.start.clusterTime;
  }

  /** What is available now, without waiting (the aggregate's first batch). */
  readNow(batchSize: number): CursorBatch {
    return this.failOnError(() => this.readBatch(batchSize));
  }

  async getMore(options: { batchSize?: number; maxTimeMS?: number; signal: AbortSignal }): Promise<CursorBatch> {
    const limit = options.batchSize !== undefined && options.batchSize > 0 ? options.batchSize : Infinity;
    const deadline = Date.now() + (options.maxTimeMS ?? DEFAULT_AWAIT_MS);
    for (;;) {
      const batch = this.failOnError(() => this.readBatch(limit));
      const remainingMs = deadline - Date.now();
      if (batch.docs.length > 0 || batch.exhausted || remainingMs <= 0 || options.signal.aborted) return batch;
      await this.waitForChange(remainingMs, options.signal);
    }
  }

  close(): void {
    this.ended = true;
    this.killed.abort();
  }

  /** Waits for a change, the timeout, the client going away, or the cursor being killed. */
  private async waitForChange(timeoutMs: number, clientGone: AbortSignal): Promise<void> {
    // Cheaper than AbortSignal.any, which this hot path would pay on every wait.
    const wake = new AbortController();
    const abort = (): void => wake.abort();
    clientGone.addEventListener('abort', abort, { once: true });
    this.killed.signal.addEventListener('abort', abort, { once: true });
    try {
      await this.parts.changeLog.waitFor(this.position, timeoutMs, wake.signal);
      // Let the writes that arrived in the same I/O turn commit first, so one reply carries them
      // all: fewer getMore round trips under concurrent writers, for a sub-millisecond delay.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      clientGone.removeEventListener('abort', abort);
      this.killed.signal.removeEventListener('abort', abort);
    }
  }

  /** A failed read has already moved past the change that failed, so the cursor cannot go on (MongoDB kills it too). */
  private failOnError(read: () => CursorBatch): CursorBatch {
    try {
      return read();
    } catch (err) {
      this.ended = true;
      throw err;
    }
  }

  private readBatch(limit: number): CursorBatch {
    const docs: Document[] = [];
    let bytes = 0;
    const push = (doc: Document): void => {
      docs.push(doc);
      bytes += BSON.calculateObjectSize(doc);
    };
    if (this.pendingInvalidate !== undefined) return this.invalidate(this.pendingInvalidate, docs, push);
    while (!this.ended) {
      const records = this.parts.changeLog.readFrom(this.position, READ_CHUNK);
      if (records === undefined) throw historyLost();
      if (records.length === 0) break;
      for (const record of records) {
        if (docs.length >= limit || bytes >= MAX_BATCH_BYTES) return { docs, postBatchResumeToken: this.fullBatchToken(docs), exhausted: false };
        this.position = record.position + 1;
        this.scannedTime = record.clusterTime;
        if (!this.parts.scope.includes(record)) continue;
        if (this.parts.scope.shows(record)) this.emit(buildChangeEvent(record, this.parts.events), push);
        if (this.parts.scope.invalidates(record)) {
          if (docs.length >= limit) return this.deferInvalidate(record, docs);
          return this.invalidate(record, docs, push);
        }
      }
    }
    return { docs, postBatchResumeToken: this.highWaterMark(), exhausted: this.ended };
  }

  private emit(event: Document, push: (doc: Document) => void): void {
    const out = this.parts.pipeline.run(event);
    if (out !== undefined) push(out);
  }

  private invalidate(record: ChangeRecord, docs: Document[], push: (doc: Document) => void): CursorBatch {
    this.pendingInvalidate = undefined;
    this.ended = true;
    const event = buildInvalidateEvent(record);
    this.emit(event, push);
    return { docs, postBatchResumeToken: event._id as Document, exhausted: true };
  }

  private deferInvalidate(record: ChangeRecord, docs: Document[]): CursorBatch {
    this.pendingInvalidate = record;
    return { docs, postBatchResumeToken: changeToken(record), exhausted: false };
  }

  /** A full batch stops right after its last event, so that event's token is the resume point. */
  private fullBatchToken(docs: Document[]): Document {
    const last = docs[docs.length - 1];
    return last !== undefined ? (last._id as Document) : this.highWaterMark(this.scannedTime);
  }

  /** A token for "everything up to here has been scanned", so an idle stream still advances. */
  private highWaterMark(clusterTime = this.parts.changeLog.now()): Document {
    return encodeResumeToken({
      clusterTime,
      position: this.position,
      txnOpIndex: 0,
      kind: 'highWaterMark',
      fromInvalidate: false,
      fingerprint: 0,
    });
  }
}
