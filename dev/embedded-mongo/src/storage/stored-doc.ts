import type { Document } from 'bson';
import { keyOf, viewOf } from '../bson-values.ts';

/**
 * A stored document: `raw` keeps exact BSON types for replies, `view` is what queries,
 * sorts and updates compute on (the same object when the document has no numeric
 * wrappers). Stored documents are never mutated; an update stores a new one.
 */
export interface StoredDoc {
  readonly raw: Document;
  readonly view: Document;
  /** keyOf(_id): the primary key. */
  readonly key: string;
  /** When this version was made, in write order: transactions detect writes made after they began. */
  readonly seq: number;
}

let lastSeq = 0;

/** The newest version number handed out so far. */
export function currentSeq(): number {
  return lastSeq;
}

export function storeDoc(raw: Document): StoredDoc {
  const view = viewOf(raw);
  return { raw, view, key: keyOf(view._id), seq: ++lastSeq };
}
