import { BSON, type Document } from 'bson';

export interface UpdateDescription {
  updatedFields: Document;
  removedFields: string[];
  truncatedArrays: Array<{ field: string; newSize: number }>;
}

/**
 * Describes an update the way a change event does, from the document before and after:
 * dotted paths for changes inside embedded documents and arrays, `removedFields` for
 * fields that disappeared, `truncatedArrays` for arrays that only lost their tail.
 */
export function describeUpdate(before: Document, after: Document): UpdateDescription {
  const description: UpdateDescription = { updatedFields: {}, removedFields: [], truncatedArrays: [] };
  diffDocuments(before, after, '', description);
  return description;
}

function diffDocuments(before: Document, after: Document, prefix: string, out: UpdateDescription): void {
  for (const key of Object.keys(before)) {
    if (!(key in after)) out.removedFields.push(prefix + key);
  }
  for (const [key, value] of Object.entries(after)) {
    const path = prefix + key;
    if (!(key in before)) out.updatedFields[path] = value;
    else diffValues(before[key], value, path, out);
  }
}

function diffValues(before: unknown, after: unknown, path: string, out: UpdateDescription): void {
  if (isPlainDocument(before) && isPlainDocument(after)) diffDocuments(before, after, `${path}.`, out);
  else if (Array.isArray(before) && Array.isArray(after)) diffArrays(before, after, path, out);
  else if (!sameValue(before, after)) out.updatedFields[path] = after;
}

function diffArrays(before: unknown[], after: unknown[], path: string, out: UpdateDescription): void {
  const common = Math.min(before.length, after.length);
  const changed: number[] = [];
  for (let i = 0; i < common; i++) if (!sameValue(before[i], after[i])) changed.push(i);
  if (after.length < before.length) {
    // Only a shrunk tail is described as a truncation; any other change to a shorter array replaces it.
    if (changed.length > 0) out.updatedFields[path] = after;
    else out.truncatedArrays.push({ field: path, newSize: after.length });
    return;
  }
  for (const i of changed) diffValues(before[i], after[i], `${path}.${i}`, out);
  for (let i = common; i < after.length; i++) out.updatedFields[`${path}.${i}`] = after[i];
}

/** A plain embedded document (not an array and not a BSON value type such as ObjectId). */
export function isPlainDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** BSON equality: same types, same values, same field order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = BSON.serialize({ v: a });
  const y = BSON.serialize({ v: b });
  return Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)) === 0;
}
