import { calculateObjectSize, type Document } from 'bson';
import type { Logger } from '#lib';

/** What MongoDB reports as `maxBsonObjectSize` plus the room a reply needs around it. */
const MAX_REPLY_BYTES = 16 * 1024 * 1024 + 16 * 1024;

/** The reply sent instead of one that cannot be encoded: MongoDB's BSONObjectTooLarge. */
export function replyTooLarge(reply: Document): Document {
  let size: number | string;
  try {
    size = calculateObjectSize(reply);
  } catch {
    size = 'unknown';
  }
  return {
    ok: 0,
    errmsg: `reply too large to send: BSONObj size ${size} is invalid. Size must be between 0 and ${MAX_REPLY_BYTES}(16MB)`,
    code: 10334,
    codeName: 'BSONObjectTooLarge',
    ...(reply.$clusterTime !== undefined ? { $clusterTime: reply.$clusterTime, operationTime: reply.operationTime } : {}),
  };
}

/**
 * Encodes a reply frame. A reply that cannot be encoded (BSON's serializer refuses
 * documents past about 17 MB) is answered with BSONObjectTooLarge instead, so the client
 * is not left waiting; undefined when even that fails and the connection must close.
 */
export function encodeReply(reply: Document, encode: (reply: Document) => Buffer, log: Logger): Buffer | undefined {
  try {
    return encode(reply);
  } catch (err) {
    log.warn({ err }, 'reply cannot be encoded, sending BSONObjectTooLarge instead');
  }
  try {
    return encode(replyTooLarge(reply));
  } catch (err) {
    log.error({ err }, 'error reply cannot be encoded either, closing connection');
    return undefined;
  }
}
