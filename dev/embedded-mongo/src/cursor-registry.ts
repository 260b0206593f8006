import { randomInt } from 'node:crypto';
import { Long } from 'bson';
import { MongoCommandError } from './command-error.ts';
import type { ServerCursor } from './server-cursor.ts';

interface Entry {
  cursor: ServerCursor;
  busy: boolean;
}

/** Owns the ids of open server cursors; getMore and killCursors go through it. */
export class CursorRegistry {
  private readonly cursors = new Map<bigint, Entry>();
  private nextId = BigInt(randomInt(1, 2 ** 40)) * 1024n;

  register(cursor: ServerCursor): Long {
    const id = this.nextId++;
    this.cursors.set(id, { cursor, busy: false });
    return Long.fromBigInt(id);
  }

  /** The cursor for a getMore; a cursor already serving a getMore is refused, as in MongoDB. */
  checkout(id: bigint): ServerCursor {
    const entry = this.cursors.get(id);
    if (!entry) throw new MongoCommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    if (entry.busy) throw new MongoCommandError(46, 'CursorInUse', `cursor id ${id} is already in use`);
    entry.busy = true;
    return entry.cursor;
  }

  checkin(id: bigint): void {
    const entry = this.cursors.get(id);
    if (entry) entry.busy = false;
  }

  kill(id: bigint): boolean {
    const entry = this.cursors.get(id);
    if (!entry) return false;
    this.cursors.delete(id);
    entry.cursor.close();
    return true;
  }

  closeAll(): void {
    for (const id of [...this.cursors.keys()]) this.kill(id);
  }
}
