import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import { runtimeErrors } from './errors.ts';

/** Where `applyIfNewer` keeps the sequence of the event a document was last written from. */
export const SEQUENCE_FIELD = '_sequence';

const DUPLICATE_KEY = 11_000;
/** A lost insert race resolves on the next try; more tries than this mean something else is wrong. */
const MAX_UPSERT_TRIES = 5;

export type ApplyResult = 'applied' | 'stale';
export type InsertResult = 'inserted' | 'duplicate';

/**
 * Writes `update` (operators such as `$set`, or a whole replacement document) to the
 * document `documentId` only when `sequence` is newer than the one stored with it. An
 * older or equal sequence never overwrites, so redeliveries and out-of-order events leave
 * the newest state. Concurrent calls are safe: the filter and the write are one atomic
 * operation, and a lost insert race surfaces as a duplicate key and is retried.
 *
 * Deletes must be written as tombstones (e.g. `{ $set: { deleted: true } }`): removing
 * the document would forget its sequence and let an older event bring it back.
 */
export async function applyIfNewer<T extends Document>(
  collection: Collection<T>,
  documentId: unknown,
  sequence: number,
  update: UpdateFilter<T> | Partial<T>,
): Promise<ApplyResult> {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw runtimeErrors.updateInvalid({ reason: `sequence must be a positive integer, got ${String(sequence)}` });
  }
  const filter = {
    _id: documentId,
    $or: [{ [SEQUENCE_FIELD]: { $lt: sequence } }, { [SEQUENCE_FIELD]: { $exists: false } }],
  } as Filter<T>;
  for (let tries = 1; ; tries += 1) {
    try {
      const result = isOperatorUpdate(update)
        ? await collection.updateOne(filter, withSequence(update, sequence), { upsert: true })
        : await collection.replaceOne(filter, withoutId({ ...update, [SEQUENCE_FIELD]: sequence }) as T, { upsert: true });
      return result.modifiedCount + result.upsertedCount > 0 || result.matchedCount > 0 ? 'applied' : 'stale';
    } catch (err) {
      // The document exists with a newer or equal sequence (the upsert's insert hit its
      // _id), or a concurrent insert won; a retry tells the two apart.
      if (!isDuplicateKey(err) || tries >= MAX_UPSERT_TRIES) throw err;
      if (await isStale(collection, documentId, sequence)) return 'stale';
    }
  }
}

/** Inserts once: a second insert with the same `_id` (use the event id) is reported, not thrown. */
export async function insertOnce<T extends Document>(collection: Collection<T>, doc: Parameters<Collection<T>['insertOne']>[0]): Promise<InsertResult> {
  try {
    await collection.insertOne(doc);
    return 'inserted';
  } catch (err) {
    if (isDuplicateKey(err)) return 'duplicate';
    throw err;
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
}

async function isStale<T extends Document>(collection: Collection<T>, documentId: unknown, sequence: number): Promise<boolean> {
  const current = await collection.findOne({ _id: documentId } as Filter<T>, { projection: { [SEQUENCE_FIELD]: 1 } });
  const stored = current?.[SEQUENCE_FIELD] as unknown;
  return typeof stored === 'number' && stored >= sequence;
}

function isOperatorUpdate(update: object): boolean {
  const keys = Object.keys(update);
  if (keys.length === 0) throw runtimeErrors.updateInvalid({ reason: 'update is empty' });
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators !== 0 && operators !== keys.length) {
    throw runtimeErrors.updateInvalid({ reason: 'mixes update operators and plain fields; use either operators or a replacement document' });
  }
  return operators > 0;
}

function withSequence<T extends Document>(update: UpdateFilter<T>, sequence: number): UpdateFilter<T> {
  const set = (update.$set ?? {}) as Record<string, unknown>;
  return { ...update, $set: { ...set, [SEQUENCE_FIELD]: sequence } } as unknown as UpdateFilter<T>;
}

function withoutId(doc: Record<string, unknown>): Record<string, unknown> {
  const { _id: _ignored, ...rest } = doc;
  return rest;
}
