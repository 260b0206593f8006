import type { MongoClient } from 'mongodb';
import type { Timestamp } from 'bson';

/**
 * Seconds of change history the server keeps before `now`, from its oldest oplog entry,
 * or undefined when the server does not expose an oplog (reading one document is not
 * tailing it). The headroom of the capture position is close to this while caught up.
 */
export async function oplogWindowSeconds(client: MongoClient, nowMs: number): Promise<number | undefined> {
  try {
    const oldest = await client
      .db('local')
      .collection<{ ts: Timestamp }>('oplog.rs')
      .find({}, { projection: { _id: 0, ts: 1 } })
      .sort({ $natural: 1 })
      .limit(1)
      .next();
    if (!oldest?.ts) return undefined;
    return Math.max(0, nowMs / 1000 - oldest.ts.t);
  } catch {
    return undefined;
  }
}
