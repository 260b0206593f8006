import { mkdir, open, readFile, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '#lib';
import type { ChangeRecord } from '../change-log.ts';
import { embeddedMongoErrors } from '../errors.ts';
import { decodeCommits, encodeCommit } from './journal-format.ts';
import { replayChange } from './replay.ts';
import type { Durability, Store } from './store.ts';

const JOURNAL_FILE = 'journal.bin';
const LOCK_FILE = 'mongod.lock';

export interface Journal extends Durability {
  /** Rebuilds the data and the change log from what the journal holds. */
  replayInto(store: Store): void;
  close(): Promise<void>;
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
 * record (a crash mid-write) is cut off: it was never acknowledged.
 */
export async function openJournal(dbpath: string, logger: Logger): Promise<Journal> {
  let handle: FileHandle;
  let commits: ChangeRecord[][];
  let lockPath: string;
  try {
    await mkdir(dbpath, { recursive: true });
    lockPath = await lock(dbpath);
    const path = join(dbpath, JOURNAL_FILE);
    const data = await readFile(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? Buffer.alloc(0) : Promise.reject(err)));
    const decoded = decodeCommits(data);
    commits = decoded.commits;
    handle = await open(path, 'a+');
    if (decoded.validBytes < data.length) {
      logger.warn({ dbpath, droppedBytes: data.length - decoded.validBytes }, 'journal tail damaged, truncated');
      await handle.truncate(decoded.validBytes);
      await handle.datasync();
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'PEEL_MONGO_DBPATH_LOCKED') throw err;
    throw embeddedMongoErrors.dbpathUnusable({ dbpath, reason: err instanceof Error ? err.message : String(err) }, { cause: err });
  }
  return new FileJournal(handle, commits, lockPath, logger);
}

class FileJournal implements Journal {
  private pending: Buffer[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly handle: FileHandle,
    private commits: ChangeRecord[][],
    private readonly lockPath: string,
    private readonly logger: Logger,
  ) {}

  replayInto(store: Store): void {
    for (const records of this.commits) for (const record of records) replayChange(store.catalog, record);
    const all = this.commits.flat();
    store.changeLog.restore(all);
    this.logger.info({ commits: this.commits.length, changes: all.length }, 'journal replayed');
    this.commits = [];
  }

  write(records: ChangeRecord[]): void {
    this.pending.push(encodeCommit(records));
  }

  flush(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(() => this.sync());
    return this.chain;
  }

  private async sync(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = Buffer.concat(this.pending);
    this.pending = [];
    await this.handle.write(batch);
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.flush().catch((err: unknown) => this.logger.error({ err }, 'journal flush failed'));
    await this.handle.close();
    await unlink(this.lockPath).catch(() => undefined);
  }
}
