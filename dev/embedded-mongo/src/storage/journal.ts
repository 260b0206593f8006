import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger, PeelError } from '#lib';
import type { ChangeRecord } from '../change-log.ts';
import { embeddedMongoErrors } from '../errors.ts';
import { compactJournal } from './journal-compact.ts';
import { openForAppend, writeAll, type JournalFile, type OpenJournalFile } from './journal-file.ts';
import { decodeCommits, encodeCommit, type JournalEntry } from './journal-format.ts';
import { replayChange } from './replay.ts';
import type { Durability, Store } from './store.ts';

const JOURNAL_FILE = 'journal.bin';
const LOCK_FILE = 'mongod.lock';

export interface Journal extends Durability {
  /** Rebuilds the data and the change log from what the journal holds. */
  replayInto(store: Store): void;
  /** Rewrites a journal that holds much more than the change log keeps as change log + snapshot. */
  compactIfLarge(store: Store): Promise<void>;
  close(): Promise<void>;
}

export interface JournalOptions {
  /**
   * Called once when a write or fsync fails. From then on every flush rejects: memory holds
   * commits the disk may not, and only a restart (replaying the journal) makes them agree.
   */
  onFailure?: (err: PeelError) => void;
  /** How the journal file is opened for appending (tests wrap it to make writes fail). */
  openFile?: OpenJournalFile;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lock(dbpath: string): Promise<string> {
  const path = join(dbpath, LOCK_FILE);
  const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(holder) && processAlive(holder)) throw embeddedMongoErrors.dbpathLocked({ dbpath, pid: holder });
  await writeFile(path, String(process.pid));
  return path;
}

/**
 * An append-only journal of commits. A write is acknowledged only after its record is
 * fsynced; concurrent writers share one fsync (group commit). At start a torn last
 * record (a crash mid-write) is cut off: it was never acknowledged. A failed write or
 * fsync stops the journal for good (see JournalOptions.onFailure).
 */
export async function openJournal(dbpath: string, logger: Logger, options: JournalOptions = {}): Promise<Journal> {
  const openFile = options.openFile ?? openForAppend;
  let handle: JournalFile;
  let entries: JournalEntry[];
  let lockPath: string;
  try {
    await mkdir(dbpath, { recursive: true });
    lockPath = await lock(dbpath);
    const path = join(dbpath, JOURNAL_FILE);
    const data = await readFile(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? Buffer.alloc(0) : Promise.reject(err)));
    const decoded = decodeCommits(data);
    entries = decoded.entries;
    handle = await openFile(path);
    if (decoded.validBytes < data.length) {
      logger.warn({ dbpath, droppedBytes: data.length - decoded.validBytes }, 'journal tail damaged, truncated');
      await handle.truncate(decoded.validBytes);
      await handle.datasync();
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'PEEL_MONGO_DBPATH_LOCKED') throw err;
    throw embeddedMongoErrors.dbpathUnusable({ dbpath, reason: err instanceof Error ? err.message : String(err) }, { cause: err });
  }
  return new FileJournal(dbpath, handle, entries, lockPath, logger, openFile, options.onFailure);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

class FileJournal implements Journal {
  private pending: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** Set by the first failed write or fsync; every later flush rejects with it. */
  private failure: PeelError | undefined;
  private closed = false;

  private replayedChanges = 0;

  constructor(
    private readonly dbpath: string,
    private handle: JournalFile,
    private entries: JournalEntry[],
    private readonly lockPath: string,
    private readonly logger: Logger,
    private readonly openFile: OpenJournalFile,
    private readonly onFailure: ((err: PeelError) => void) | undefined,
  ) {}

  private get path(): string {
    return join(this.dbpath, JOURNAL_FILE);
  }

  replayInto(store: Store): void {
    const log: ChangeRecord[] = [];
    for (const entry of this.entries) {
      if (entry.kind !== 'log') for (const record of entry.records) replayChange(store.catalog, record);
      if (entry.kind !== 'data') for (const record of entry.records) log.push(record as ChangeRecord);
    }
    store.changeLog.restore(log);
    this.replayedChanges = log.length;
    this.logger.info({ entries: this.entries.length, changes: log.length }, 'journal replayed');
    this.entries = [];
  }

  async compactIfLarge(store: Store): Promise<void> {
    if (this.replayedChanges <= 2 * store.changeLog.capacity + 1_000) return;
    const path = this.path;
    const tmp = `${path}.compact`;
    try {
      const out = await open(tmp, 'w');
      try {
        await out.writeFile(Buffer.concat(compactJournal(store.catalog, store.changeLog)));
        await out.datasync();
      } finally {
        await out.close();
      }
      // The rename is the commit point: before it the old journal is whole, after it the new one.
      await rename(tmp, path);
      await syncDirectory(this.dbpath);
      const old = this.handle;
      this.handle = await this.openFile(path);
      await old.close();
      this.logger.info({ dbpath: this.dbpath, changesBefore: this.replayedChanges }, 'journal compacted');
      this.replayedChanges = 0;
    } catch (err) {
      // The old journal is still complete; compaction can wait for the next start.
      this.logger.warn({ err, dbpath: this.dbpath }, 'journal compaction failed');
      await unlink(tmp).catch(() => undefined);
    }
  }

  write(records: ChangeRecord[]): void {
    this.pending.push(encodeCommit(records));
  }

  flush(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(() => this.sync());
    return this.chain;
  }

  private async sync(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    if (this.closed) throw embeddedMongoErrors.journalFailed({ path: this.path, reason: 'the journal is closed' });
    const batch = Buffer.concat(this.pending);
    this.pending = [];
    try {
      await writeAll(this.handle, batch);
      await this.handle.datasync();
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** Fail-stop: how much of the batch reached the disk is unknown, so nothing after it may be acknowledged. */
  private fail(err: unknown): PeelError {
    this.failure = embeddedMongoErrors.journalFailed({ path: this.path, reason: err instanceof Error ? err.message : String(err) }, { cause: err });
    this.logger.fatal({ err, path: this.path }, 'journal write failed: no further write is acknowledged, restart to replay the journal');
    this.onFailure?.(this.failure);
    return this.failure;
  }

  async close(): Promise<void> {
    // A failure was logged when it happened; the commits it left unsynced stay unacknowledged.
    await this.flush().catch(() => undefined);
    this.closed = true;
    await this.handle.close();
    await unlink(this.lockPath).catch(() => undefined);
  }
}
