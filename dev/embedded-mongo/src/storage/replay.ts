import { keyOf, viewOf } from '../bson-values.ts';
import type { ChangeInput } from '../change-log.ts';
import type { Catalog } from './catalog.ts';
import { storeDoc } from './stored-doc.ts';

/** Re-applies one journaled change to the catalog (used at start to rebuild the data). */
export function replayChange(catalog: Catalog, record: ChangeInput): void {
  const { db, coll: name } = record;
  if (record.op === 'dropDatabase') return void catalog.dropDatabase(db);
  if (name === undefined) return;
  const existing = catalog.get(db, name);
  const coll = existing ?? (record.op === 'drop' || record.op === 'rename' ? undefined : catalog.create(db, name, record.options ?? {}));
  if (!coll) return;
  switch (record.op) {
    case 'create':
    case 'modify':
      coll.options = record.options ?? coll.options;
      return;
    case 'createIndexes':
      for (const spec of record.indexes ?? []) if (!coll.indexes.some((i) => i.name === spec.name)) coll.addIndex(spec);
      return;
    case 'dropIndexes':
      for (const spec of record.indexes ?? []) coll.dropIndex(String(spec.name));
      return;
    case 'drop':
      return void catalog.drop(db, name);
    case 'rename':
      if (record.to) catalog.rename(coll, record.to.db, record.to.coll);
      return;
    case 'delete': {
      const doc = coll.get(keyOf(viewOf(record.documentKey?._id)));
      if (doc) coll.remove(doc);
      return;
    }
    default: {
      if (!record.after) return;
      const next = storeDoc(record.after);
      const current = coll.get(next.key);
      if (current) coll.replace(current, next);
      else coll.insert(next);
    }
  }
}
