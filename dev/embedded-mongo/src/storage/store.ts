import type { Document } from 'bson';
import type { ChangeInput, ChangeLog, ChangeRecord } from '../change-log.ts';
import { Catalog } from './catalog.ts';
import type { Collection, CollectionAccess } from './collection.ts';
import { LockTable, type Transaction } from './transaction.ts';

/** Where committed changes go to survive a restart (see journal.ts); absent in memory mode. */
export interface Durability {
  write(records: ChangeRecord[]): void;
  /** Resolves once everything written so far is on disk; flushes complete in the order they were asked for. */
  flush(): Promise<void>;
}

/** What a command reads and writes through: autocommit, or one transaction. */
export interface Workspace {
  readonly transaction: Transaction | undefined;
  read(db: string, name: string): CollectionAccess | undefined;
  /** The collection for writing, created (and announced) when missing. */
  write(db: string, name: string): CollectionAccess;
  record(change: ChangeInput): void;
}

/** The data of the server: the catalog, the change log it feeds, and the journal behind both. */
export class Store {
  readonly catalog = new Catalog();
  readonly locks = new LockTable();
  /** Commits handed to the journal so far. */
  private committed = 0;
  /** Commits known to be on disk. */
  private durableThrough = 0;
  /** The newest journal flush and the commits it covers: a flush waits for one that covers its commits. */
  private latestFlush: { through: number; done: Promise<void> } | undefined;

  constructor(
    readonly changeLog: ChangeLog,
    private readonly durability?: Durability,
  ) {}

  /** Records one commit: one change log append, one journal record. */
  commit(changes: ChangeInput[]): ChangeRecord[] {
    const records = this.changeLog.append(changes);
    if (this.durability && records.length > 0) {
      this.durability.write(records);
      this.committed++;
    }
    return records;
  }

  /** Waits until the commits made so far are durable (a no-op in memory). */
  async flush(): Promise<void> {
    if (!this.durability || this.durableThrough >= this.committed) return;
    const target = this.committed;
    if (this.latestFlush === undefined || this.latestFlush.through < target) {
      // Journal flushes complete in order, so this one also covers every earlier commit.
      const done = this.durability.flush().then(() => {
        this.durableThrough = Math.max(this.durableThrough, target);
      });
      this.latestFlush = { through: target, done };
    }
    await this.latestFlush.done;
  }

  createCollection(db: string, name: string, options: Document = {}): Collection {
    const coll = this.catalog.create(db, name, options);
    this.commit([{ op: 'create', db, coll: name, options }]);
    return coll;
  }

  collectionForWrite(db: string, name: string): Collection {
    return this.catalog.get(db, name) ?? this.createCollection(db, name);
  }

  /** Outside transactions every document write is its own commit, as in MongoDB. */
  readonly autoCommit: Workspace = {
    transaction: undefined,
    read: (db, name) => this.catalog.get(db, name),
    write: (db, name) => this.collectionForWrite(db, name),
    record: (change) => void this.commit([change]),
  };

  inTransaction(txn: Transaction): Workspace {
    return {
      transaction: txn,
      read: (db, name) => {
        const coll = this.catalog.get(db, name);
        return coll ? txn.access(coll) : undefined;
      },
      write: (db, name) => txn.access(this.collectionForWrite(db, name)),
      record: (change) => void txn.changes.push(change),
    };
  }
}
