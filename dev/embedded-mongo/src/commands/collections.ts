import { Query } from 'mingo';
import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { isPlain } from '../bson-values.ts';
import { validateNamespace } from '../storage/catalog.ts';
import { ID_INDEX, type Collection } from '../storage/collection.ts';
import { collectionArg, docArg, GENERIC_FIELDS } from './args.ts';
import { firstBatch } from './batches.ts';
import type { CommandContext } from './context.ts';

const UNSUPPORTED_OPTIONS = ['capped', 'validator', 'viewOn', 'timeseries', 'clusteredIndex', 'encryptedFields', 'storageEngine'];

function namespaceNotFound(ns: string): MongoCommandError {
  return new MongoCommandError(26, 'NamespaceNotFound', `ns does not exist: ${ns}`);
}

function imagesOption(cmd: Document): Document {
  const value = cmd.changeStreamPreAndPostImages;
  if (value === undefined) return {};
  if (!isPlain(value) || typeof value.enabled !== 'boolean') {
    throw new MongoCommandError(14, 'TypeMismatch', "BSON field 'changeStreamPreAndPostImages.enabled' is missing or not a boolean");
  }
  // As on MongoDB, the option is only recorded (and listed) while enabled.
  return { changeStreamPreAndPostImages: { enabled: value.enabled } };
}

function imagesEnabled(options: Document): boolean {
  return (options.changeStreamPreAndPostImages as { enabled?: boolean } | undefined)?.enabled === true;
}

export function create(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'create');
  const unsupported = UNSUPPORTED_OPTIONS.find((o) => cmd[o] !== undefined && cmd[o] !== false);
  if (unsupported) throw new MongoCommandError(115, 'CommandNotSupported', `create option '${unsupported}' is not supported by the embedded MongoDB server`);
  const options = imagesOption(cmd);
  const existing = ctx.state.store.catalog.get(ctx.db, name);
  if (existing) {
    // MongoDB (SERVER-60064) answers ok to a create that matches the collection as it is.
    if (imagesEnabled(existing.options) === imagesEnabled(options)) return { ok: 1 };
    throw new MongoCommandError(48, 'NamespaceExists', `Collection ${ctx.db}.${name} already exists with different options.`);
  }
  ctx.state.store.createCollection(ctx.db, name, imagesEnabled(options) ? options : {});
  return { ok: 1 };
}

export function collMod(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'collMod');
  const coll = ctx.state.store.catalog.get(ctx.db, name);
  if (!coll) throw namespaceNotFound(`${ctx.db}.${name}`);
  const unsupported = Object.keys(cmd).find((k) => k !== 'collMod' && k !== 'changeStreamPreAndPostImages' && !k.startsWith('$') && !GENERIC_FIELDS.has(k));
  if (unsupported) throw new MongoCommandError(115, 'CommandNotSupported', `collMod option '${unsupported}' is not supported by the embedded MongoDB server`);
  const { changeStreamPreAndPostImages: _previous, ...others } = coll.options;
  const images = cmd.changeStreamPreAndPostImages === undefined ? coll.options : imagesOption(cmd);
  coll.options = imagesEnabled(images) ? { ...others, changeStreamPreAndPostImages: { enabled: true } } : others;
  ctx.state.store.commit([{ op: 'modify', db: ctx.db, coll: name, options: coll.options }]);
  return { ok: 1 };
}

export function drop(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'drop');
  const { store } = ctx.state;
  const coll = store.catalog.drop(ctx.db, name);
  if (!coll) return { ok: 1 };
  store.commit([{ op: 'drop', db: ctx.db, coll: name }]);
  return { nIndexesWas: coll.indexes.length, ns: coll.ns, ok: 1 };
}

export function dropDatabase(_cmd: Document, ctx: CommandContext): Document {
  const { store } = ctx.state;
  for (const coll of store.catalog.collections(ctx.db)) {
    store.catalog.drop(ctx.db, coll.name);
    store.commit([{ op: 'drop', db: ctx.db, coll: coll.name }]);
  }
  store.catalog.dropDatabase(ctx.db);
  store.commit([{ op: 'dropDatabase', db: ctx.db }]);
  return { dropped: ctx.db, ok: 1 };
}

function splitNamespace(value: unknown, field: string): { db: string; coll: string } {
  const dot = typeof value === 'string' ? value.indexOf('.') : -1;
  if (typeof value !== 'string' || dot <= 0 || dot === value.length - 1) throw new MongoCommandError(73, 'InvalidNamespace', `Invalid ${field} namespace: ${String(value)}`);
  return { db: value.slice(0, dot), coll: value.slice(dot + 1) };
}

export function renameCollection(cmd: Document, ctx: CommandContext): Document {
  if (ctx.db !== 'admin') throw new MongoCommandError(13, 'Unauthorized', 'renameCollection may only be run against the admin database.');
  const from = splitNamespace(cmd.renameCollection, 'source');
  const to = splitNamespace(cmd.to, 'target');
  validateNamespace(to.db, to.coll);
  const { store } = ctx.state;
  const source = store.catalog.get(from.db, from.coll);
  if (!source) throw new MongoCommandError(26, 'NamespaceNotFound', `Source collection ${from.db}.${from.coll} does not exist`);
  if (from.db === to.db && from.coll === to.coll) throw new MongoCommandError(20, 'IllegalOperation', "Can't rename a collection to itself");
  if (store.catalog.get(to.db, to.coll)) {
    if (cmd.dropTarget !== true) throw new MongoCommandError(48, 'NamespaceExists', 'target namespace exists');
    store.catalog.drop(to.db, to.coll);
    store.commit([{ op: 'drop', db: to.db, coll: to.coll }]);
  }
  store.catalog.rename(source, to.db, to.coll);
  store.commit([{ op: 'rename', db: from.db, coll: from.coll, to }]);
  return { ok: 1 };
}

function describe(coll: Collection): Document {
  return { name: coll.name, type: 'collection', options: coll.options, info: { readOnly: false, uuid: coll.uuid }, idIndex: ID_INDEX };
}

export function listCollections(cmd: Document, ctx: CommandContext): Document {
  const filter = docArg(cmd, 'filter');
  const query = filter ? new Query(filter, { scriptEnabled: false }) : undefined;
  const nameOnly = cmd.nameOnly === true;
  const docs = ctx.state.store.catalog
    .collections(ctx.db)
    .map(describe)
    .filter((d) => !query || query.test(d))
    .map((d) => (nameOnly ? { name: d.name, type: d.type } : d));
  const batchSize = isPlain(cmd.cursor) && typeof cmd.cursor.batchSize === 'number' ? cmd.cursor.batchSize : undefined;
  return firstBatch(ctx, `${ctx.db}.$cmd.listCollections`, docs, batchSize);
}

export function listDatabases(cmd: Document, ctx: CommandContext): Document {
  const { catalog } = ctx.state.store;
  const filter = docArg(cmd, 'filter');
  const query = filter ? new Query(filter, { scriptEnabled: false }) : undefined;
  const databases = catalog
    .databases()
    .map((name) => ({ name, sizeOnDisk: catalog.collections(name).reduce((n, c) => n + c.docs.size * 128, 4096), empty: false }))
    .filter((d) => !query || query.test(d));
  if (cmd.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: databases.reduce((n, d) => n + d.sizeOnDisk, 0), totalSizeMb: 0, ok: 1 };
}
