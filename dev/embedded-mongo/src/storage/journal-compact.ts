import type { ChangeInput, ChangeLog } from '../change-log.ts';
import type { Catalog } from './catalog.ts';
import { encodeCommit } from './journal-format.ts';

/** Records per journal entry in a compacted journal, to keep each entry far below BSON's size limit. */
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The contents of a compacted journal: first the change log as it stands ('log' entries,
 * so resume tokens survive), then a snapshot of every collection ('data' entries). Replaying
 * it gives the same data and the same change log as replaying the long journal did.
 */
export function compactJournal(catalog: Catalog, changeLog: ChangeLog): Buffer[] {
  const oldest = changeLog.oldest();
  const log = oldest ? (changeLog.readFrom(oldest.position) ?? []) : [];
  const out = chunks(log).map((records) => encodeCommit(records, 'log'));
  for (const db of catalog.databases()) {
    for (const coll of catalog.collections(db)) {
      const indexes = coll.indexes.filter((i) => i.name !== '_id_');
      const catalogEntries: ChangeInput[] = [{ op: 'create', db, coll: coll.name, options: coll.options }];
      if (indexes.length > 0) catalogEntries.push({ op: 'createIndexes', db, coll: coll.name, indexes });
      out.push(encodeCommit(catalogEntries, 'data'));
      const inserts = [...coll.all()].map((doc): ChangeInput => ({ op: 'insert', db, coll: coll.name, after: doc.raw }));
      for (const records of chunks(inserts)) out.push(encodeCommit(records, 'data'));
    }
  }
  return out;
}
