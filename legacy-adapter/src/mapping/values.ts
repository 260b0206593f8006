import { ObjectId, type Document } from 'bson';

/**
 * Conversions from BSON values to contract values. They never throw: a value of the
 * wrong kind is passed through unchanged so contract validation names the field.
 */
export function toIso(value: unknown): unknown {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value;
}

export function toHexId(value: unknown): unknown {
  return value instanceof ObjectId ? value.toHexString() : value;
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
