import { serialize, type Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { applyUpdate, isOperatorUpdate, upsertSeed, withId, type UpdateSpec } from '../query/update.ts';
import type { CollectionAccess } from '../storage/collection.ts';
import { storeDoc, type StoredDoc } from '../storage/stored-doc.ts';
import type { CommandContext } from './context.ts';

export interface UpdateRequest {
  filter: Document | undefined;
  update: UpdateSpec;
  arrayFilters: Document[] | undefined;
}

function sameDocument(a: Document, b: Document): boolean {
  return Buffer.from(serialize(a)).equals(Buffer.from(serialize(b)));
}

/** Updates one stored document; returns the new version, or undefined when nothing changed. */
export function updateDoc(ctx: CommandContext, access: CollectionAccess, target: StoredDoc, req: UpdateRequest): StoredDoc | undefined {
  const next = applyUpdate(target.raw, req.update, { filter: req.filter, arrayFilters: req.arrayFilters });
  if (sameDocument(target.raw, next)) return undefined;
  const stored = storeDoc(next);
  access.replace(target, stored);
  const op = isOperatorUpdate(req.update) || Array.isArray(req.update) ? 'update' : 'replace';
  ctx.workspace.record({ op, db: ctx.db, coll: access.name, documentKey: { _id: next._id }, before: target.raw, after: next, imagesEnabled: access.imagesEnabled });
  return stored;
}

/** Inserts the document an upsert creates from the filter's equalities and the update. */
export function upsertDoc(ctx: CommandContext, name: string, req: UpdateRequest): StoredDoc {
  const seed = upsertSeed(req.filter);
  const built = isOperatorUpdate(req.update) || Array.isArray(req.update)
    ? applyUpdate(seed, req.update, { filter: req.filter, arrayFilters: req.arrayFilters, inserting: true })
    : replacementForUpsert(seed, req.update);
  const raw = withId(built);
  const access = ctx.workspace.write(ctx.db, name);
  const stored = storeDoc(raw);
  access.insert(stored);
  ctx.workspace.record({ op: 'insert', db: ctx.db, coll: name, documentKey: { _id: raw._id }, after: raw, imagesEnabled: access.imagesEnabled });
  return stored;
}

function replacementForUpsert(seed: Document, replacement: Document): Document {
  if (seed._id !== undefined && replacement._id !== undefined) return applyUpdate({ _id: seed._id }, replacement);
  return seed._id !== undefined ? { _id: seed._id, ...replacement } : replacement;
}

export function removeDoc(ctx: CommandContext, access: CollectionAccess, target: StoredDoc): void {
  access.remove(target);
  ctx.workspace.record({ op: 'delete', db: ctx.db, coll: access.name, documentKey: { _id: target.raw._id }, before: target.raw, imagesEnabled: access.imagesEnabled });
}

export function checkMultiReplacement(multi: boolean, update: UpdateSpec): void {
  if (multi && !Array.isArray(update) && !isOperatorUpdate(update)) {
    throw new MongoCommandError(9, 'FailedToParse', 'multi update is not supported for replacement-style update');
  }
}
