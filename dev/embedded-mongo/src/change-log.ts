import { Timestamp, type Document } from 'bson';

/**
 * What the server records for each change, in commit order. The storage engine appends;
 * change streams read. Shared by both halves of the server, so its shape is a contract.
 */
export type ChangeOperation = 'insert' | 'update' | 'replace' | 'delete' | 'drop' | 'rename' | 'dropDatabase' | 'create' | 'createIndexes' | 'dropIndexes' | 'modify';

export interface ChangeInput {
  op: ChangeOperation;
  db: string;
  /** Absent for dropDatabase. */
  coll?: string;
  /** `{ _id }` of the document, for document operations. */
  documentKey?: Document;
  /** The document before the change (update, replace, delete), always kept so updates can be described. */
  before?: Document;
  /** The document after the change (insert, update, replace). */
  after?: Document;
  /** Whether the collection had changeStreamPreAndPostImages enabled when the change was made. */
  imagesEnabled?: boolean;
  /** For renames: the new namespace. */
  to?: { db: string; coll: string };
  /** For create and modify: the collection options (e.g. changeStreamPreAndPostImages). */
  options?: Document;
  /** For createIndexes and dropIndexes: the index specifications. */
  indexes?: Document[];
  /** For transactions: the session id and transaction number of the commit. */
  lsid?: Document;
  txnNumber?: bigint;
}

export interface ChangeRecord extends ChangeInput {
  /** Monotonic index of the record in the log, from 1; never reused. */
  position: number;
  /** Shared by every change of one commit (a transaction's changes all have the same). */
  clusterTime: Timestamp;
  wallTime: Date;
  /** Index within the commit: 0 outside transactions. */
  txnOpIndex: number;
}

type Waiter = () => void;

/**
 * A bounded, in-memory change log (the embedded server's oplog). It issues cluster
 * times, keeps the newest `capacity` records, and wakes readers when records arrive.
 */
export class ChangeLog {
  readonly capacity: number;
  /** Held records are `records[head..]`; the dead prefix is cut off in bulk, so appends stay O(1). */
  private records: ChangeRecord[] = [];
  private head = 0;
  private nextPosition = 1;
  private lastTime = { t: 0, i: 0 };
  private waiters = new Set<Waiter>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('change log capacity must be a positive integer');
    this.capacity = capacity;
  }

  /** The newest cluster time issued. */
  now(): Timestamp {
    return new Timestamp({ t: this.lastTime.t, i: this.lastTime.i });
  }

  /** Issues a new, strictly greater cluster time (seconds, increment). */
  tick(): Timestamp {
    const seconds = Math.floor(Date.now() / 1000);
    if (seconds > this.lastTime.t) this.lastTime = { t: seconds, i: 1 };
    else this.lastTime = { t: this.lastTime.t, i: this.lastTime.i + 1 };
    return this.now();
  }

  /** Appends the changes of one commit atomically: one cluster time, consecutive positions. */
  append(changes: ChangeInput[]): ChangeRecord[] {
    if (changes.length === 0) return [];
    const clusterTime = this.tick();
    const wallTime = new Date();
    const appended = changes.map((change, txnOpIndex) => ({ ...change, position: this.nextPosition++, clusterTime, wallTime, txnOpIndex }));
    this.push(appended);
    return appended;
  }

  /** Puts back records read from a journal at start, keeping their times and positions. */
  restore(records: ChangeRecord[]): void {
    for (const record of records) {
      this.nextPosition = Math.max(this.nextPosition, record.position + 1);
      const t = { t: record.clusterTime.high, i: record.clusterTime.low };
      if (t.t > this.lastTime.t || (t.t === this.lastTime.t && t.i > this.lastTime.i)) this.lastTime = t;
    }
    this.push(records);
  }

  /** Moves the clock forward to at least `time` (after restoring a journal). */
  advanceTo(time: Timestamp): void {
    const t = { t: time.high, i: time.low };
    if (t.t > this.lastTime.t || (t.t === this.lastTime.t && t.i > this.lastTime.i)) this.lastTime = t;
  }

  /** The oldest record still held, if any. */
  oldest(): ChangeRecord | undefined {
    return this.records[this.head];
  }

  /** The position the next appended record will get. */
  get nextPositionValue(): number {
    return this.nextPosition;
  }

  /**
   * Records with position >= `position`, oldest first. Returns undefined when records
   * before `position` that a reader still needs have fallen off the log.
   */
  readFrom(position: number, limit = Infinity): ChangeRecord[] | undefined {
    const first = this.records[this.head];
    if (first === undefined) return position >= this.nextPosition || this.nextPosition === 1 ? [] : undefined;
    if (position < first.position) return undefined;
    const start = this.head + position - first.position;
    return this.records.slice(start, limit === Infinity ? undefined : start + limit);
  }

  /** The position of the first record whose cluster time is >= `time` (binary search: times only grow). */
  positionAtOrAfter(time: Timestamp): number {
    let lo = this.head;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid] as ChangeRecord).clusterTime.compare(time) >= 0) hi = mid;
      else lo = mid + 1;
    }
    const found = this.records[lo];
    return found ? found.position : this.nextPosition;
  }

  /** Resolves when a record with position >= `position` exists, the timeout passes, or the signal aborts. */
  waitFor(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (position < this.nextPosition || timeoutMs <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const check = (): void => {
        if (position < this.nextPosition) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(check);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private push(records: ChangeRecord[]): void {
    for (const record of records) this.records.push(record);
    const overflow = this.records.length - this.head - this.capacity;
    if (overflow > 0) this.head += overflow;
    if (this.head >= this.capacity) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
    if (this.waiters.size > 0) for (const waiter of [...this.waiters]) waiter();
  }
}
