import type { Document, ObjectId } from 'bson';

/**
 * Conversions from BSON values to contract values. They never throw: a value of the
 * wrong kind is passed through unchanged so contract validation names the field.
 */
export function toIso(value: unknown): unknown {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value;
}

/** By `_bsontype`, not `instanceof`: the driver may load its own copy of the bson package. */
export function toHexId(value: unknown): unknown {
  return isObjectId(value) ? value.toHexString() : value;
}

function isObjectId(value: unknown): value is ObjectId {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}

export function toMoney(value: unknown): unknown {
  if (!isDocument(value)) return value;
  return { amountMinor: value.amountMinor, currency: value.currency };
}

export function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The top-level field names touched by dotted update paths (`price.amountMinor` → `price`). */
export function topLevelFields(paths: Iterable<string>): string[] {
  const fields = new Set<string>();
  for (const path of paths) fields.add(path.split('.')[0] as string);
  return [...fields].sort();
}
