import { UUID, type Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { keyOf, viewOf } from '../bson-values.ts';
import type { StoredDoc } from './stored-doc.ts';
import { UniqueIndex, duplicateKeyError } from './unique-index.ts';

export const ID_INDEX: Document = Object.freeze({ v: 2, key: { _id: 1 }, name: '_id_' });

/** What reads and writes go through: a collection itself, or a transaction's view of it. */
export interface CollectionAccess {
  readonly db: string;
  readonly name: string;
  readonly imagesEnabled: boolean;
  get(key: string): StoredDoc | undefined;
  all(): Iterable<StoredDoc>;
  /** The only documents that can match `filter`, when a unique index answers it; undefined means scan. */
  candidates?(filter: Document): StoredDoc[] | undefined;
  insert(doc: StoredDoc): void;
  replace(old: StoredDoc, next: StoredDoc): void;
  remove(old: StoredDoc): void;
}

/** One collection: documents in insertion order by primary key, and its indexes. */
export class Collection implements CollectionAccess {
  readonly docs = new Map<string, StoredDoc>();
  readonly uuid = new UUID();
  options: Document;
  private specs: Document[] = [ID_INDEX];
  private unique: UniqueIndex[] = [];

  constructor(
    readonly db: string,
    public name: string,
    options: Document = {},
  ) {
    this.options = options;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get imagesEnabled(): boolean {
    return (this.options.changeStreamPreAndPostImages as Document | undefined)?.enabled === true;
  }

  get indexes(): readonly Document[] {
    return this.specs;
  }

  get uniqueIndexes(): readonly UniqueIndex[] {
    return this.unique;
  }

  get(key: string): StoredDoc | undefined {
    return this.docs.get(key);
  }

  all(): Iterable<StoredDoc> {
    return this.docs.values();
  }

  candidates(filter: Document): StoredDoc[] | undefined {
    for (const index of this.unique) {
      const field = index.singleField;
      if (field === undefined || !(field in filter) || !isIndexableEquality(filter[field])) continue;
      const owner = index.owner(keyOf(viewOf(filter[field])));
      const doc = owner === undefined ? undefined : this.docs.get(owner);
      return doc ? [doc] : [];
    }
    return undefined;
  }

  insert(doc: StoredDoc): void {
    if (this.docs.has(doc.key)) throw duplicateKeyError(this.ns, ID_INDEX, ['_id'], [doc.raw._id]);
    for (const index of this.unique) index.check(doc);
    this.docs.set(doc.key, doc);
    for (const index of this.unique) index.add(doc);
  }

  replace(old: StoredDoc, next: StoredDoc): void {
    for (const index of this.unique) index.check(next);
    for (const index of this.unique) index.remove(old);
    this.docs.set(next.key, next);
    for (const index of this.unique) index.add(next);
  }

  remove(old: StoredDoc): void {
    if (this.docs.get(old.key) !== old) return;
    this.docs.delete(old.key);
    for (const index of this.unique) index.remove(old);
  }

  /** Adds an index; a unique one is built first, so existing duplicates refuse it with E11000. */
  addIndex(spec: Document): void {
    if (spec.unique === true) {
      const index = new UniqueIndex(spec, this.ns);
      for (const doc of this.docs.values()) {
        index.check(doc);
        index.add(doc);
      }
      this.unique.push(index);
    }
    this.specs.push(spec);
  }

  dropIndex(name: string): void {
    if (name === '_id_') throw new MongoCommandError(72, 'InvalidOptions', 'cannot drop _id index');
    this.specs = this.specs.filter((s) => s.name !== name);
    this.unique = this.unique.filter((u) => u.spec.name !== name);
  }
}

/** A filter value whose matches are exactly the documents indexed under its key (no null, array, document, regex or operator). */
function isIndexableEquality(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'object') return true;
  if (value instanceof Date) return true;
  const type = (value as { _bsontype?: string })._bsontype;
  return type === 'ObjectId' || type === 'Long' || type === 'Double' || type === 'Decimal128' || type === 'Int32';
}
