import { Long, type Document } from 'bson';
import { arrayArg, bigintOf, collectionArg, cursorDoc, numberArg } from './args.ts';
import type { CommandContext } from './context.ts';

export async function getMore(cmd: Document, ctx: CommandContext): Promise<Document> {
  const id = bigintOf(cmd.getMore);
  collectionArg(cmd, 'collection');
  const { cursors } = ctx.state;
  const cursor = cursors.checkout(id);
  let batch;
  try {
    batch = await cursor.getMore({ batchSize: numberArg(cmd, 'batchSize'), maxTimeMS: numberArg(cmd, 'maxTimeMS'), signal: ctx.signal });
  } catch (err) {
    cursors.kill(id);
    throw err;
  } finally {
    cursors.checkin(id);
  }
  if (batch.exhausted) cursors.kill(id);
  const extra = batch.postBatchResumeToken ? { postBatchResumeToken: batch.postBatchResumeToken } : {};
  return cursorDoc(cursor.ns, batch.exhausted ? 0 : Long.fromBigInt(id), batch.docs, false, extra);
}

export function killCursors(cmd: Document, ctx: CommandContext): Document {
  collectionArg(cmd, 'killCursors');
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const value of arrayArg(cmd, 'cursors')) {
    const id = bigintOf(value);
    (ctx.state.cursors.kill(id) ? killed : notFound).push(Long.fromBigInt(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}
