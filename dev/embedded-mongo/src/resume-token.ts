import { crc32 } from 'node:zlib';
import { Timestamp } from 'bson';
import { MongoCommandError } from './command-error.ts';

/**
 * What a resume token carries. The `_data` string is opaque to clients (as MongoDB's is);
 * it starts with the cluster time the way MongoDB's tokens do, so tools that read the
 * time out of a token still work.
 */
export interface ResumeTokenData {
  clusterTime: Timestamp;
  /** Event tokens: the change log position of the event. High-water marks: the next position to read. */
  position: number;
  txnOpIndex: number;
  kind: 'event' | 'highWaterMark';
  fromInvalidate: boolean;
  /** A hash of the event's namespace and operation, to notice a token from another log. */
  fingerprint: number;
}

// Layout: 0x82 | time t u32 | time i u32 | version u8 | kind u8 | fromInvalidate u8 |
// txnOpIndex u32 | position u48 | fingerprint u32 | crc32 of everything before u32.
const VERSION = 1;
const TIMESTAMP_TYPE = 0x82;
const BYTES = 1 + 8 + 3 + 4 + 6 + 4 + 4;
const KIND_EVENT = 128;
const KIND_HIGH_WATER_MARK = 0;

export function encodeResumeToken(data: ResumeTokenData): { _data: string } {
  const bytes = Buffer.alloc(BYTES);
  let at = bytes.writeUInt8(TIMESTAMP_TYPE, 0);
  at = bytes.writeUInt32BE(data.clusterTime.high, at);
  at = bytes.writeUInt32BE(data.clusterTime.low, at);
  at = bytes.writeUInt8(VERSION, at);
  at = bytes.writeUInt8(data.kind === 'event' ? KIND_EVENT : KIND_HIGH_WATER_MARK, at);
  at = bytes.writeUInt8(data.fromInvalidate ? 1 : 0, at);
  at = bytes.writeUInt32BE(data.txnOpIndex, at);
  at = bytes.writeUIntBE(data.position, at, 6);
  at = bytes.writeUInt32BE(data.fingerprint >>> 0, at);
  bytes.writeUInt32BE(crc32(bytes.subarray(0, at)), at);
  return { _data: bytes.toString('hex').toUpperCase() };
}

/** Parses a client's `resumeAfter`/`startAfter` value, failing with MongoDB's codes. */
export function decodeResumeToken(token: unknown): ResumeTokenData {
  const data = typeof token === 'object' && token !== null ? (token as { _data?: unknown })._data : undefined;
  if (typeof data !== 'string') {
    throw new MongoCommandError(40647, 'Location40647', `Bad resume token: _data of missing or of wrong type. Expected string, got ${describe(token)}`);
  }
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(data)) throw new MongoCommandError(9, 'FailedToParse', 'resume token string was not a valid hex string');
  const bytes = Buffer.from(data, 'hex');
  if (bytes.length === 0) throw new MongoCommandError(40649, 'Location40649', 'invalid empty resume token');
  if (bytes.length !== BYTES || bytes[0] !== TIMESTAMP_TYPE || bytes.readUInt32BE(BYTES - 4) !== crc32(bytes.subarray(0, BYTES - 4))) {
    throw invalidToken(`the resume token ${data} was not issued by this server`);
  }
  return readFields(bytes, data);
}

function readFields(bytes: Buffer, data: string): ResumeTokenData {
  const version = bytes.readUInt8(9);
  const kind = bytes.readUInt8(10);
  if (version !== VERSION || (kind !== KIND_EVENT && kind !== KIND_HIGH_WATER_MARK)) throw invalidToken(`unsupported resume token ${data}`);
  return {
    clusterTime: new Timestamp({ t: bytes.readUInt32BE(1), i: bytes.readUInt32BE(5) }),
    kind: kind === KIND_EVENT ? 'event' : 'highWaterMark',
    fromInvalidate: bytes.readUInt8(11) === 1,
    txnOpIndex: bytes.readUInt32BE(12),
    position: bytes.readUIntBE(16, 6),
    fingerprint: bytes.readUInt32BE(22),
  };
}

function invalidToken(message: string): MongoCommandError {
  return new MongoCommandError(260, 'InvalidResumeToken', message);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The fingerprint of a change: its namespace and operation, so a token names one event. */
export function changeFingerprint(db: string, coll: string | undefined, op: string): number {
  return crc32(`${db}\u0000${coll ?? ''}\u0000${op}`);
}
