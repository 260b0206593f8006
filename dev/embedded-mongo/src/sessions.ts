import { Binary, type Document } from 'bson';
import { MongoCommandError } from './command-error.ts';
import { Transaction, type LockTable } from './storage/transaction.ts';

/** How long a transaction may stay open before the server aborts it (transactionLifetimeLimitSeconds). */
const TRANSACTION_LIFETIME_MS = 60_000;

interface Session {
  /** The last retryable write (outside transactions) and its reply, so a retry is answered, not re-run. */
  lastWrite: { txnNumber: bigint; reply: Document } | undefined;
  txnNumber: bigint;
  state: 'none' | 'in-progress' | 'committed' | 'aborted';
  txn: Transaction | undefined;
  timer: NodeJS.Timeout | undefined;
}

export function sessionKey(lsid: unknown): string {
  const id = (lsid as Document | undefined)?.id;
  if (!(id instanceof Binary)) throw new MongoCommandError(9, 'FailedToParse', 'lsid must be an object with a UUID id');
  return Buffer.from(id.buffer.subarray(0, id.position)).toString('hex');
}

function noSuchTransaction(txnNumber: bigint, active?: bigint): MongoCommandError {
  const suffix = active === undefined ? '' : `. The active transaction number is ${active}`;
  return new MongoCommandError(251, 'NoSuchTransaction', `Given transaction number ${txnNumber} does not match any in-progress transactions${suffix}`, {
    errorLabels: ['TransientTransactionError'],
  });
}

/** Logical sessions and their transactions (one at a time per session, as in MongoDB). */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly locks: LockTable) {}

  private session(key: string): Session {
    let session = this.sessions.get(key);
    if (!session) {
      session = { lastWrite: undefined, txnNumber: -1n, state: 'none', txn: undefined, timer: undefined };
      this.sessions.set(key, session);
    }
    return session;
  }

  /** The transaction a command with `autocommit: false` runs in, started when `startTransaction` is set. */
  transaction(key: string, txnNumber: bigint, start: boolean): Transaction {
    const session = this.session(key);
    if (txnNumber < session.txnNumber) {
      throw new MongoCommandError(225, 'TransactionTooOld', `Cannot start transaction ${txnNumber} on session because a newer transaction ${session.txnNumber} has already started`);
    }
    if (start) {
      if (txnNumber === session.txnNumber && session.state !== 'none') {
        throw new MongoCommandError(256, 'TransactionCommitted', `Transaction with { txnNumber: ${txnNumber} } has been committed.`);
      }
      this.end(session, 'aborted');
      session.txnNumber = txnNumber;
      session.state = 'in-progress';
      session.txn = new Transaction(txnNumber, this.locks);
      session.timer = setTimeout(() => this.end(session, 'aborted'), TRANSACTION_LIFETIME_MS).unref();
      return session.txn;
    }
    if (txnNumber !== session.txnNumber || session.state !== 'in-progress' || !session.txn) throw noSuchTransaction(txnNumber, session.state === 'in-progress' ? session.txnNumber : undefined);
    return session.txn;
  }

  /** Finishes the transaction; a repeated commit of a committed transaction succeeds (retryable commit). */
  finish(key: string, txnNumber: bigint, outcome: 'committed' | 'aborted', onCommit: (txn: Transaction) => void = () => undefined): void {
    const session = this.session(key);
    if (txnNumber === session.txnNumber && session.state === 'committed' && outcome === 'committed') return;
    if (txnNumber !== session.txnNumber || session.state !== 'in-progress' || !session.txn) {
      if (outcome === 'aborted' && session.state === 'committed' && txnNumber === session.txnNumber) {
        throw new MongoCommandError(256, 'TransactionCommitted', `Transaction with { txnNumber: ${txnNumber} } has been committed.`);
      }
      throw noSuchTransaction(txnNumber);
    }
    if (outcome === 'committed') {
      try {
        onCommit(session.txn);
      } catch (err) {
        this.end(session, 'aborted');
        throw err;
      }
    }
    this.end(session, outcome);
  }

  /** The reply of an earlier execution of this retryable write, if it already ran. */
  retriedWrite(key: string, txnNumber: bigint): Document | undefined {
    const last = this.sessions.get(key)?.lastWrite;
    if (!last) return undefined;
    if (txnNumber < last.txnNumber) {
      throw new MongoCommandError(225, 'TransactionTooOld', `Retryable write with txnNumber ${txnNumber} is prohibited on session because a newer retryable write with txnNumber ${last.txnNumber} has already started on this session.`);
    }
    return txnNumber === last.txnNumber ? last.reply : undefined;
  }

  rememberWrite(key: string, txnNumber: bigint, reply: Document): void {
    this.session(key).lastWrite = { txnNumber, reply };
  }

  /** Aborts the session's transaction after a failed command inside it, as MongoDB does. */
  abortCurrent(key: string): void {
    const session = this.sessions.get(key);
    if (session?.state === 'in-progress') this.end(session, 'aborted');
  }

  endSession(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.end(session, 'aborted');
    this.sessions.delete(key);
  }

  closeAll(): void {
    for (const key of [...this.sessions.keys()]) this.endSession(key);
  }

  private end(session: Session, state: 'committed' | 'aborted'): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = undefined;
    if (session.state === 'in-progress') {
      if (state === 'aborted') session.txn?.abort();
      session.state = state;
    }
    session.txn = undefined;
  }
}
