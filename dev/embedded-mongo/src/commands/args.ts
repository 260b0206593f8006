import { Long, type Document } from 'bson';
import { isPlain } from '../bson-values.ts';
import { MongoCommandError } from '../command-error.ts';

function typeError(field: string, expected: string, value: unknown): MongoCommandError {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new MongoCommandError(14, 'TypeMismatch', `BSON field '${field}' is the wrong type '${actual}', expected type '${expected}'`);
}

/** The collection a command names in its first field. */
export function collectionArg(cmd: Document, name: string): string {
  const value = cmd[name];
  if (typeof value !== 'string') throw new MongoCommandError(73, 'InvalidNamespace', `collection name has invalid type ${value === null ? 'null' : typeof value}`);
  if (value === '') throw new MongoCommandError(73, 'InvalidNamespace', `Invalid namespace specified '${String(cmd.$db)}.'`);
  return value;
}

export function numberArg(cmd: Document, field: string): number | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (value instanceof Long) return value.toNumber();
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'number') return value.value;
  throw typeError(field, 'long', value);
}

export function docArg(cmd: Document, field: string): Document | undefined {
  const value = cmd[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlain(value)) throw typeError(field, 'object', value);
  return value;
}

export function arrayArg(cmd: Document, field: string): Document[] {
  const value = cmd[field];
  if (!Array.isArray(value)) throw typeError(field, 'array', value);
  return value as Document[];
}

export function bigintOf(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new MongoCommandError(14, 'TypeMismatch', `expected a 64-bit integer, got ${typeof value}`);
}

export function cursorDoc(ns: string, id: Long | number, docs: Document[], first: boolean, extra: Document = {}): Document {
  return { cursor: { [first ? 'firstBatch' : 'nextBatch']: docs, id: typeof id === 'number' ? Long.fromNumber(id) : id, ns, ...extra }, ok: 1 };
}

/** Fields any command may carry that are not the command's own options. */
export const GENERIC_FIELDS = new Set(['lsid', 'txnNumber', 'autocommit', 'startTransaction', 'writeConcern', 'readConcern', 'comment', 'maxTimeMS', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);
