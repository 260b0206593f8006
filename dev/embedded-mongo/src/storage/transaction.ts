import type { Document } from 'bson';
import type { ChangeInput } from '../change-log.ts';
import { MongoCommandError } from '../command-error.ts';
import { ID_INDEX, type Collection, type CollectionAccess } from './collection.ts';
import { duplicateKeyError } from './unique-index.ts';
import { currentSeq, type StoredDoc } from './stored-doc.ts';
import { getPath } from '../query/paths.ts';

export function writeConflict(): MongoCommandError {
  return new MongoCommandError(112, 'WriteConflict', 'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.', {
    errorLabels: ['TransientTransactionError'],
  });
}

/** Which transaction holds each written document, so a second writer conflicts at once (as in MongoDB). */
export class LockTable {
  private readonly holders = new Map<string, Transaction>();

  acquire(ns: string, key: string, txn: Transaction): void {
    const id = `${ns}\0${key}`;
    const holder = this.holders.get(id);
    if (holder && holder !== txn) throw writeConflict();
    this.holders.set(id, txn);
  }

  releaseAll(txn: Transaction): void {
    for (const [id, holder] of this.holders) if (holder === txn) this.holders.delete(id);
  }
}

/**
 * A transaction's private view of one collection: its own writes over the committed
 * documents. Nothing here is visible to others until commit.
 */
class TxnCollection implements CollectionAccess {
  readonly writes = new Map<string, StoredDoc | null>();
  /** The committed version each written document had when the transaction first wrote it. */
  readonly base = new Map<string, StoredDoc | undefined>();

  constructor(
    readonly coll: Collection,
    private readonly txn: Transaction,
    private readonly locks: LockTable,
  ) {}

  get db(): string {
    return this.coll.db;
  }

  get name(): string {
    return this.coll.name;
  }

  get imagesEnabled(): boolean {
    return this.coll.imagesEnabled;
  }

  get(key: string): StoredDoc | undefined {
    return this.writes.has(key) ? (this.writes.get(key) ?? undefined) : this.coll.get(key);
  }

  *all(): Iterable<StoredDoc> {
    for (const doc of this.coll.all()) {
      if (!this.writes.has(doc.key)) yield doc;
      else if (this.writes.get(doc.key)) yield this.writes.get(doc.key) as StoredDoc;
    }
    for (const [key, doc] of this.writes) if (doc && !this.coll.docs.has(key)) yield doc;
  }

  insert(doc: StoredDoc): void {
    if (this.get(doc.key)) throw duplicateKeyError(this.coll.ns, ID_INDEX, ['_id'], [doc.raw._id]);
    this.checkUnique(doc);
    this.write(doc.key, doc);
  }

  replace(_old: StoredDoc, next: StoredDoc): void {
    this.checkUnique(next);
    this.write(next.key, next);
  }

  remove(old: StoredDoc): void {
    this.write(old.key, null);
  }

  private write(key: string, doc: StoredDoc | null): void {
    const committed = this.coll.get(key);
    // As in MongoDB: a document someone else changed after this transaction began is a conflict.
    if (!this.writes.has(key) && committed && committed.seq > this.txn.startSeq) throw writeConflict();
    this.locks.acquire(this.coll.ns, key, this.txn);
    if (!this.base.has(key)) this.base.set(key, committed);
    this.writes.set(key, doc);
  }

  private checkUnique(doc: StoredDoc): void {
    for (const index of this.coll.uniqueIndexes) {
      index.check(doc, (owner) => !this.writes.has(owner));
      const keys = new Set(index.keys(doc));
      for (const [key, other] of this.writes) {
        if (!other || key === doc.key) continue;
        const clash = index.keys(other).find((k) => keys.has(k));
        if (clash !== undefined) throw duplicateFromIndex(index.spec, this.coll.ns, other);
      }
    }
  }
}

function duplicateFromIndex(spec: Document, ns: string, other: StoredDoc): MongoCommandError {
  const fields = Object.keys(spec.key as Document);
  return duplicateKeyError(ns, spec, fields, fields.map((f) => getPath(other.raw, f)));
}

/** One multi-document transaction: private writes, applied all at once at commit. */
export class Transaction {
  readonly changes: ChangeInput[] = [];
  /** Versions up to this one existed when the transaction began. */
  readonly startSeq = currentSeq();
  private readonly views = new Map<Collection, TxnCollection>();

  constructor(
    readonly txnNumber: bigint,
    private readonly locks: LockTable,
  ) {}

  access(coll: Collection): CollectionAccess {
    let view = this.views.get(coll);
    if (!view) {
      view = new TxnCollection(coll, this, this.locks);
      this.views.set(coll, view);
    }
    return view;
  }

  /**
   * Applies every write to the committed collections, or none: a document changed by
   * someone else since this transaction wrote it is a WriteConflict, and a failure
   * half-way is undone before the error is thrown.
   */
  apply(): void {
    const undo: Array<() => void> = [];
    try {
      for (const view of this.views.values()) {
        for (const [key, doc] of view.writes) {
          const current = view.coll.get(key);
          if (current !== view.base.get(key)) throw writeConflict();
          undo.push(applyOne(view.coll, current, doc));
        }
      }
    } catch (err) {
      for (const step of undo.reverse()) step();
      throw err;
    } finally {
      this.locks.releaseAll(this);
    }
  }

  abort(): void {
    this.locks.releaseAll(this);
    this.views.clear();
  }
}

function applyOne(coll: Collection, current: StoredDoc | undefined, doc: StoredDoc | null): () => void {
  if (doc === null) {
    if (!current) return () => undefined;
    coll.remove(current);
    return () => coll.insert(current);
  }
  if (current) {
    coll.replace(current, doc);
    return () => coll.replace(doc, current);
  }
  coll.insert(doc);
  return () => coll.remove(doc);
}
