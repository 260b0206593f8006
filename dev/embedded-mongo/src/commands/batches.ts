import type { Document } from 'bson';
import { ArrayCursor } from '../array-cursor.ts';
import { cursorDoc } from './args.ts';
import type { CommandContext } from './context.ts';

/** find and aggregate return 101 documents in the first batch unless told otherwise. */
const DEFAULT_FIRST_BATCH = 101;

/** The first batch of a result; the rest stays on the server under a cursor id when there is more. */
export function firstBatch(ctx: CommandContext, ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false): Document {
  const cursor = new ArrayCursor(ns, docs);
  const batch = batchSize === 0 ? { docs: [], exhausted: docs.length === 0 } : cursor.next(batchSize ?? DEFAULT_FIRST_BATCH);
  if (batch.exhausted || singleBatch) return cursorDoc(ns, 0, batch.docs, true);
  return cursorDoc(ns, ctx.state.cursors.register(cursor), batch.docs, true);
}
