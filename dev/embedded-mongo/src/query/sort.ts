import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { compareValues, valuesAt } from '../bson-values.ts';
import type { StoredDoc } from '../storage/stored-doc.ts';

interface SortField {
  path: string[];
  direction: 1 | -1;
}

export function parseSort(sort: Document | undefined): SortField[] {
  if (!sort) return [];
  return Object.entries(sort).map(([field, dir]) => {
    const n = typeof dir === 'number' ? dir : Number(dir);
    if (n !== 1 && n !== -1) throw new MongoCommandError(15974, 'Location15974', `Illegal key in $sort specification: ${field}: ${String(dir)}`);
    return { path: field.split('.'), direction: n };
  });
}

/** The value a document sorts by: for arrays, the smallest element ascending, the largest descending. */
function sortKey(doc: Document, field: SortField): unknown {
  const values = valuesAt(doc, field.path).flatMap((v) => (Array.isArray(v) && v.length > 0 ? v : [v]));
  if (values.length === 0) return null;
  return values.reduce((best, v) => (compareValues(v, best) * field.direction < 0 ? v : best));
}

/** Stable sort in MongoDB's order for the given sort specification. */
export function sortDocs(docs: StoredDoc[], sort: Document | undefined): StoredDoc[] {
  const fields = parseSort(sort);
  if (fields.length === 0) return docs;
  const keyed = docs.map((doc) => ({ doc, keys: fields.map((f) => sortKey(doc.view, f)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c !== 0) return c * (fields[i] as SortField).direction;
    }
    return 0;
  });
  return keyed.map((k) => k.doc);
}
