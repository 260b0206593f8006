import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { isPlain, keyOf } from '../bson-values.ts';
import { arrayArg, collectionArg } from './args.ts';
import { firstBatch } from './batches.ts';
import type { CommandContext } from './context.ts';

const SPEC_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'hidden', 'collation', 'weights', 'default_language', 'language_override', 'textIndexVersion', '2dsphereIndexVersion', 'bits', 'min', 'max', 'wildcardProjection'];

function defaultName(key: Document): string {
  return Object.entries(key).map(([k, v]) => `${k}_${String(v)}`).join('_');
}

function normalizeSpec(raw: Document): Document {
  if (!isPlain(raw.key) || Object.keys(raw.key).length === 0) throw new MongoCommandError(9, 'FailedToParse', "The 'key' field is a required property of an index specification");
  const name = typeof raw.name === 'string' ? raw.name : defaultName(raw.key);
  const spec: Document = { v: 2, key: raw.key, name };
  for (const option of SPEC_OPTIONS) if (raw[option] !== undefined) spec[option] = raw[option];
  if (spec.unique === false) delete spec.unique;
  return spec;
}

function sameOptions(a: Document, b: Document): boolean {
  return keyOf({ ...a, name: '' }) === keyOf({ ...b, name: '' });
}

export function createIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'createIndexes');
  const specs = arrayArg(cmd, 'indexes').map(normalizeSpec);
  const { store } = ctx.state;
  const existed = store.catalog.get(ctx.db, name) !== undefined;
  const coll = store.collectionForWrite(ctx.db, name);
  const before = coll.indexes.length;
  const added: Document[] = [];
  for (const spec of specs) {
    const sameName = coll.indexes.find((i) => i.name === spec.name);
    const sameKey = coll.indexes.find((i) => keyOf(i.key) === keyOf(spec.key));
    if (sameName && sameOptions(sameName, spec)) continue;
    if (sameName) throw new MongoCommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`);
    if (sameKey && sameOptions(sameKey, spec)) continue;
    if (sameKey) throw new MongoCommandError(85, 'IndexOptionsConflict', `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameKey)}`);
    coll.addIndex(spec);
    added.push(spec);
  }
  if (added.length > 0) store.commit([{ op: 'createIndexes', db: ctx.db, coll: name, indexes: added }]);
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: coll.indexes.length, createdCollectionAutomatically: !existed, ok: 1 };
  if (added.length === 0) reply.note = 'all indexes already exist';
  return reply;
}

export function listIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'listIndexes');
  const coll = ctx.state.store.catalog.get(ctx.db, name);
  if (!coll) throw new MongoCommandError(26, 'NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const batchSize = isPlain(cmd.cursor) && typeof cmd.cursor.batchSize === 'number' ? cmd.cursor.batchSize : undefined;
  return firstBatch(ctx, `${ctx.db}.$cmd.listIndexes.${name}`, [...coll.indexes], batchSize);
}

export function dropIndexes(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'dropIndexes');
  const { store } = ctx.state;
  const coll = store.catalog.get(ctx.db, name);
  if (!coll) throw new MongoCommandError(26, 'NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.length;
  const names = indexNames(cmd.index, coll.indexes);
  const dropped = names.map((n) => coll.indexes.find((i) => i.name === n) as Document);
  for (const n of names) coll.dropIndex(n);
  if (dropped.length > 0) store.commit([{ op: 'dropIndexes', db: ctx.db, coll: name, indexes: dropped }]);
  return { nIndexesWas, ok: 1 };
}

function indexNames(index: unknown, indexes: readonly Document[]): string[] {
  if (index === '*') return indexes.filter((i) => i.name !== '_id_').map((i) => i.name as string);
  const wanted = Array.isArray(index) ? index : [index];
  return wanted.map((w) => {
    const found = typeof w === 'string' ? indexes.find((i) => i.name === w) : isPlain(w) ? indexes.find((i) => keyOf(i.key) === keyOf(w)) : undefined;
    if (!found) throw new MongoCommandError(27, 'IndexNotFound', typeof w === 'string' ? `index not found with name [${w}]` : `can't find index with key: ${JSON.stringify(w)}`);
    if (found.name === '_id_') throw new MongoCommandError(72, 'InvalidOptions', 'cannot drop _id index');
    return found.name as string;
  });
}
