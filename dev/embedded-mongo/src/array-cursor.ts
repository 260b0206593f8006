import { calculateObjectSize, type Document } from 'bson';
import type { CursorBatch, ServerCursor } from './server-cursor.ts';

/** Replies stay under MongoDB's 16 MiB document limit, with room for the envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

/** A find or aggregate result held by the server for getMore, handed out in batches. */
export class ArrayCursor implements ServerCursor {
  private position = 0;

  constructor(
    readonly ns: string,
    private docs: Document[],
  ) {}

  /**
   * Takes the next batch: `batchSize` documents at most (all remaining when unset), and no
   * more than fits in one reply; a single document always goes, however large.
   */
  next(batchSize: number | undefined): CursorBatch {
    const limit = batchSize && batchSize > 0 ? batchSize : Infinity;
    const batch: Document[] = [];
    let bytes = 0;
    while (this.position < this.docs.length && batch.length < limit) {
      const doc = this.docs[this.position] as Document;
      bytes += calculateObjectSize(doc);
      if (bytes > MAX_BATCH_BYTES && batch.length > 0) break;
      batch.push(doc);
      this.position++;
    }
    return { docs: batch, exhausted: this.position >= this.docs.length };
  }

  async getMore(options: { batchSize?: number }): Promise<CursorBatch> {
    return this.next(options.batchSize);
  }

  close(): void {
    this.docs = [];
    this.position = 0;
  }
}
