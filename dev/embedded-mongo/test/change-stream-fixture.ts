import type { Document } from 'bson';
import { ChangeLog, type ChangeInput } from '../src/change-log.ts';
import { openChangeStream, type ChangeStreamHost, type OpenChangeStreamRequest, type OpenedChangeStream } from '../src/change-stream.ts';

/** A change log with a tiny document store behind `lookup`, to drive streams without a server. */
export interface StreamFixture extends ChangeStreamHost {
  docs: Map<string, Document>;
  /** Appends one commit; keeps `docs` in step so `updateLookup` sees the latest version. */
  commit(...changes: ChangeInput[]): void;
  open(changeStream?: Document, req?: Partial<OpenChangeStreamRequest>): Promise<OpenedChangeStream>;
}

export function createFixture(capacity = 1000): StreamFixture {
  const changeLog = new ChangeLog(capacity);
  const docs = new Map<string, Document>();
  const key = (db: string, coll: string, documentKey: Document): string => `${db}.${coll}/${JSON.stringify(documentKey)}`;
  const fixture: StreamFixture = {
    changeLog,
    docs,
    lookup: (db, coll, documentKey) => docs.get(key(db, coll, documentKey)) ?? null,
    commit(...changes) {
      for (const c of changes) {
        if (c.coll === undefined || c.documentKey === undefined) continue;
        if (c.after !== undefined) docs.set(key(c.db, c.coll, c.documentKey), c.after);
        else if (c.op === 'delete') docs.delete(key(c.db, c.coll, c.documentKey));
      }
      changeLog.append(changes);
    },
    open(changeStream = {}, req = {}) {
      const { pipeline = [], ...rest } = req;
      return openChangeStream(fixture, { db: 'shop', coll: 'products', ...rest, pipeline: [{ $changeStream: changeStream }, ...pipeline] });
    },
  };
  return fixture;
}

export const insert = (id: number, doc: Document = {}, coll = 'products', db = 'shop'): ChangeInput => ({
  op: 'insert',
  db,
  coll,
  documentKey: { _id: id },
  after: { _id: id, ...doc },
});

export const update = (id: number, before: Document, after: Document, extra: Partial<ChangeInput> = {}): ChangeInput => ({
  op: 'update',
  db: 'shop',
  coll: 'products',
  documentKey: { _id: id },
  before: { _id: id, ...before },
  after: { _id: id, ...after },
  ...extra,
});

/** Reads one getMore without waiting. */
export function poll(opened: OpenedChangeStream, batchSize?: number): ReturnType<OpenedChangeStream['cursor']['getMore']> {
  return opened.cursor.getMore({ batchSize, maxTimeMS: 0, signal: new AbortController().signal });
}
