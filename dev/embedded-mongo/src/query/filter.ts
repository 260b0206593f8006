import { ObjectId, type Document } from 'bson';
import { Query } from 'mingo';
import { MongoCommandError } from '../command-error.ts';
import { isPlain, keyOf, viewOf } from '../bson-values.ts';
import type { CollectionAccess } from '../storage/collection.ts';
import type { StoredDoc } from '../storage/stored-doc.ts';

/** Scripts ($where, $function, $accumulator) stay off: clients must not run code in the server. */
export const MINGO_OPTIONS = { scriptEnabled: false } as const;

export function compileFilter(filter: Document | undefined): Query {
  try {
    return new Query(viewOf(filter ?? {}), MINGO_OPTIONS);
  } catch (err) {
    throw queryError(err);
  }
}

/** mingo's complaints become MongoDB's BadValue, so a bad query is a command error, not a crash. */
export function queryError(err: unknown): MongoCommandError {
  if (err instanceof MongoCommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new MongoCommandError(2, 'BadValue', message);
}

/** Primary keys the filter pins `_id` to, when it does (`{_id: x}`, `{_id: {$eq: x}}`, `{_id: {$in: [...]}}`). */
function idKeys(filter: Document | undefined): string[] | undefined {
  if (!filter || !('_id' in filter)) return undefined;
  const id = viewOf(filter._id);
  if (!isPlain(id)) return id instanceof RegExp || Array.isArray(id) ? undefined : [keyOf(id)];
  const ops = Object.keys(id);
  if (ops.length !== 1) return ops.some((k) => k.startsWith('$')) ? undefined : [keyOf(id)];
  if (ops[0] === '$eq' && !(id.$eq instanceof RegExp)) return [keyOf(id.$eq)];
  if (ops[0] === '$in' && Array.isArray(id.$in) && !id.$in.some((v) => v instanceof RegExp || isPlain(v) || Array.isArray(v))) return [...new Set(id.$in.map(keyOf))];
  return ops[0]?.startsWith('$') ? undefined : [keyOf(id)];
}

/**
 * The `_id` of a filter that is exactly `{_id: <string, number, ObjectId or Date>}`: its match is
 * the document under that primary key, with no query to compile (equal keys mean equal values).
 */
function exactIdOnly(filter: Document | undefined): unknown {
  if (!filter) return undefined;
  let fields = 0;
  for (const key in filter) if (key !== '_id' || ++fields > 1) return undefined;
  const id: unknown = filter._id;
  const simple = typeof id === 'string' || (typeof id === 'number' && !Number.isNaN(id)) || id instanceof ObjectId || (id instanceof Date && !Number.isNaN(id.getTime()));
  return simple ? id : undefined;
}

/** Documents matching `filter`, in natural order, using the primary key when the filter pins `_id`. */
export function* matching(access: CollectionAccess, filter: Document | undefined): Generator<StoredDoc> {
  const id = exactIdOnly(filter);
  if (id !== undefined) {
    // The primary key is exact for these types, so the document found is the match.
    const doc = access.get(keyOf(id));
    if (doc !== undefined) yield doc;
    return;
  }
  const query = compileFilter(filter);
  const keys = idKeys(filter);
  const candidates = keys ? keys.map((k) => access.get(k)).filter((d): d is StoredDoc => d !== undefined) : ((filter && access.candidates?.(filter)) ?? access.all());
  try {
    for (const doc of candidates) if (query.test(doc.view)) yield doc;
  } catch (err) {
    throw queryError(err);
  }
}

export function matchingList(access: CollectionAccess | undefined, filter: Document | undefined, limit = Infinity): StoredDoc[] {
  const out: StoredDoc[] = [];
  if (!access || limit <= 0) return out;
  for (const doc of matching(access, filter)) {
    out.push(doc);
    if (out.length >= limit) break;
  }
  return out;
}
