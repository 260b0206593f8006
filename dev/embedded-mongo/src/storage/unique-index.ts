import type { Document } from 'bson';
import { Query } from 'mingo';
import { MongoCommandError } from '../command-error.ts';
import { formatValue, keyOf, valuesAt } from '../bson-values.ts';
import type { StoredDoc } from './stored-doc.ts';

interface Entry {
  key: string;
  values: unknown[];
}

/** Enforces one unique index (single field or compound, multikey aware, sparse, partial). */
export class UniqueIndex {
  readonly spec: Document;
  private readonly fields: string[];
  private readonly paths: string[][];
  private readonly filter: Query | undefined;
  private readonly owners = new Map<string, string>();

  constructor(spec: Document, private readonly ns: string) {
    this.spec = spec;
    this.fields = Object.keys(spec.key as Document);
    this.paths = this.fields.map((f) => f.split('.'));
    const partial = spec.partialFilterExpression as Document | undefined;
    this.filter = partial ? new Query(partial, {}) : undefined;
  }

  private entries(doc: StoredDoc): Entry[] {
    if (this.filter && !this.filter.test(doc.view)) return [];
    const perField = this.paths.map((path) => valuesAt(doc.view, path).flatMap((v) => (Array.isArray(v) ? (v.length ? v : [undefined]) : [v])));
    if (this.spec.sparse === true && perField.every((values) => values.length === 0)) return [];
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const choices = values.length === 0 ? [null] : values;
      combos = combos.flatMap((combo) => choices.map((v) => [...combo, v]));
    }
    const seen = new Map<string, Entry>();
    for (const values of combos) {
      const key = values.map(keyOf).join('|');
      if (!seen.has(key)) seen.set(key, { key, values });
    }
    return [...seen.values()];
  }

  /** The field of a single-field, non-partial index: equality on it can use the index. */
  get singleField(): string | undefined {
    return this.fields.length === 1 && !this.filter ? this.fields[0] : undefined;
  }

  /** Throws E11000 when `doc` collides with a document other than itself. */
  check(doc: StoredDoc, isLive: (ownerKey: string) => boolean = () => true): void {
    for (const entry of this.entries(doc)) {
      const owner = this.owners.get(entry.key);
      if (owner !== undefined && owner !== doc.key && isLive(owner)) throw this.duplicate(entry.values);
    }
  }

  /** The keys `doc` would take, for checks against documents outside this index (transactions). */
  keys(doc: StoredDoc): string[] {
    return this.entries(doc).map((e) => e.key);
  }

  owner(key: string): string | undefined {
    return this.owners.get(key);
  }

  add(doc: StoredDoc): void {
    for (const entry of this.entries(doc)) this.owners.set(entry.key, doc.key);
  }

  remove(doc: StoredDoc): void {
    for (const entry of this.entries(doc)) if (this.owners.get(entry.key) === doc.key) this.owners.delete(entry.key);
  }

  duplicate(values: unknown[]): MongoCommandError {
    return duplicateKeyError(this.ns, this.spec, this.fields, values);
  }
}

export function duplicateKeyError(ns: string, spec: Document, fields: string[], values: unknown[]): MongoCommandError {
  const keyValue: Document = {};
  fields.forEach((f, i) => (keyValue[f] = values[i] ?? null));
  const message = `E11000 duplicate key error collection: ${ns} index: ${String(spec.name)} dup key: ${formatValue(keyValue)}`;
  return new MongoCommandError(11000, 'DuplicateKey', message, { extra: { keyPattern: spec.key, keyValue } });
}
