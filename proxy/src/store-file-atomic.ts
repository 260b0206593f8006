import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Replaces `path` so that a reader or a crash sees either the old content or the new one,
 * never a mix: write a temporary file next to it, fsync it, rename it over, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncFolder(dirname(path));
}

/** Appends one line and fsyncs it before resolving; returns the file's size before the line. */
export async function appendLineDurably(path: string, line: string): Promise<number> {
  const file = await open(path, 'a', 0o600);
  try {
    const { size } = await file.stat();
    await file.appendFile(`${line}\n`);
    await file.sync();
    return size;
  } finally {
    await file.close();
  }
}

/** Cuts the file back to `size` bytes (taking back an append) and fsyncs it. */
export async function truncateDurably(path: string, size: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    await file.truncate(size);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  // The rename is durable only once the folder entry is; some platforms cannot open a folder, which is fine.
  const folder = await open(path, 'r').catch(() => undefined);
  if (!folder) return;
  try {
    await folder.sync().catch(() => undefined);
  } finally {
    await folder.close();
  }
}
