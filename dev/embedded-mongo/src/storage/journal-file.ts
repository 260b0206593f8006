import { open } from 'node:fs/promises';

/** The file operations the journal appends through; tests wrap them to simulate short writes and disk failures. */
export interface JournalFile {
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export type OpenJournalFile = (path: string) => Promise<JournalFile>;

/** Opens the journal for appending. */
export const openForAppend: OpenJournalFile = (path) => open(path, 'a+');

/** Writes all of `bytes`: one write may take fewer bytes than it was given (a full disk, a file size limit). */
export async function writeAll(file: JournalFile, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error(`write made no progress at byte ${offset} of ${bytes.length}`);
    offset += bytesWritten;
  }
}
