import { deserialize, serialize, type Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { fromWire } from '../bson-values.ts';
import { crc32c } from './crc32c.ts';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

export const MSG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_MORE_TO_COME = 1 << 1;
export const MSG_EXHAUST_ALLOWED = 1 << 16;
/** Bits 0-15 are "required": a receiver must refuse a message with one it does not know. */
const KNOWN_REQUIRED_BITS = MSG_CHECKSUM_PRESENT | MSG_MORE_TO_COME;

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface CommandMessage {
  header: Header;
  /** The command with OP_MSG document sequences folded in as arrays. */
  command: Document;
  /** Database from `$db` (OP_MSG) or the `<db>.$cmd` namespace (OP_QUERY). */
  db: string;
  flags: number;
  legacy: boolean;
}

const DESERIALIZE_OPTIONS = { promoteValues: false, validation: { utf8: true } } as const;

export function readHeader(frame: Buffer): Header {
  return { length: frame.readInt32LE(0), requestId: frame.readInt32LE(4), responseTo: frame.readInt32LE(8), opCode: frame.readInt32LE(12) };
}

function invalid(message: string, code = 22, codeName = 'InvalidBSON'): MongoCommandError {
  return new MongoCommandError(code, codeName, message);
}

/** A document may exceed 16 MiB by the room a command needs around it, as in MongoDB. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 + 16 * 1024;

function readDocument(frame: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw invalid('document runs past the end of the message');
  const size = frame.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw invalid(`document size ${size} does not fit in the message`);
  if (size > MAX_DOCUMENT_BYTES) throw invalid(`BSONObj size: ${size} is invalid. Size must be between 0 and ${MAX_DOCUMENT_BYTES}(16MB)`, 10334, 'BSONObjectTooLarge');
  try {
    const doc = deserialize(frame.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
    return { doc: fromWire(doc) as Document, next: offset + size };
  } catch (err) {
    throw invalid(`invalid BSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readCString(frame: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = frame.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw invalid('unterminated string in message', 9, 'FailedToParse');
  return { value: frame.toString('utf8', offset, zero), next: zero + 1 };
}

export function parseOpMsg(frame: Buffer, header: Header): CommandMessage {
  if (frame.length < 21) throw invalid('OP_MSG too short', 9, 'FailedToParse');
  const flags = frame.readUInt32LE(16);
  if ((flags & 0xffff & ~KNOWN_REQUIRED_BITS) !== 0) throw invalid(`unknown required OP_MSG flag bits ${flags & 0xffff}`, 9, 'FailedToParse');
  let end = frame.length;
  if (flags & MSG_CHECKSUM_PRESENT) {
    end -= 4;
    if (end < 21) throw invalid('OP_MSG too short for its checksum', 9, 'FailedToParse');
    if (crc32c(frame, 0, end) !== frame.readUInt32LE(end)) throw invalid('OP_MSG checksum does not match contents', 9, 'FailedToParse');
  }
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  let offset = 20;
  while (offset < end) {
    const kind = frame[offset++];
    if (kind === 0) {
      if (body) throw invalid('OP_MSG has more than one body section', 9, 'FailedToParse');
      const read = readDocument(frame, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      offset = readSequence(frame, offset, end, sequences);
    } else {
      throw invalid(`unknown OP_MSG section kind ${kind}`, 9, 'FailedToParse');
    }
  }
  if (!body) throw invalid('OP_MSG has no body section', 9, 'FailedToParse');
  for (const [name, docs] of sequences) {
    if (name in body) throw invalid(`duplicate field ${name} in OP_MSG body and document sequence`, 9, 'FailedToParse');
    body[name] = docs;
  }
  const db = body.$db;
  if (typeof db !== 'string' || db === '') throw invalid('OP_MSG requires a $db argument', 40571, 'Location40571');
  return { header, command: body, db, flags, legacy: false };
}

function readSequence(frame: Buffer, start: number, end: number, out: Array<[string, Document[]]>): number {
  if (start + 4 > end) throw invalid('document sequence runs past the end of the message', 9, 'FailedToParse');
  const size = frame.readInt32LE(start);
  const stop = start + size;
  if (size < 5 || stop > end) throw invalid(`document sequence size ${size} does not fit in the message`, 9, 'FailedToParse');
  const name = readCString(frame, start + 4, stop);
  const docs: Document[] = [];
  let offset = name.next;
  while (offset < stop) {
    const read = readDocument(frame, offset, stop);
    docs.push(read.doc);
    offset = read.next;
  }
  out.push([name.value, docs]);
  return stop;
}

export function parseOpQuery(frame: Buffer, header: Header): CommandMessage {
  const ns = readCString(frame, 20, frame.length);
  const query = readDocument(frame, ns.next + 8, frame.length).doc;
  const dot = ns.value.indexOf('.');
  const db = dot > 0 ? ns.value.slice(0, dot) : '';
  if (!ns.value.endsWith('.$cmd') || db === '') throw invalid(`OP_QUERY is only supported for commands, not ${ns.value}`, 352, 'UnsupportedOpQueryCommand');
  // Legacy drivers wrap the command as { $query: {...}, $readPreference: ... }.
  const command = query.$query !== undefined && typeof query.$query === 'object' ? (query.$query as Document) : query;
  return { header, command, db, flags: frame.readInt32LE(16), legacy: true };
}

let nextRequestId = 1;

function writeHeader(buf: Buffer, length: number, responseTo: number, opCode: number): void {
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
}

export function encodeOpMsg(reply: Document, responseTo: number, options: { checksum?: boolean; moreToCome?: boolean } = {}): Buffer {
  const body = serialize(reply);
  const length = 21 + body.length + (options.checksum ? 4 : 0);
  const buf = Buffer.allocUnsafe(length);
  writeHeader(buf, length, responseTo, OP_MSG);
  buf.writeUInt32LE((options.checksum ? MSG_CHECKSUM_PRESENT : 0) | (options.moreToCome ? MSG_MORE_TO_COME : 0), 16);
  buf[20] = 0;
  buf.set(body, 21);
  if (options.checksum) buf.writeUInt32LE(crc32c(buf, 0, length - 4), length - 4);
  return buf;
}

/** OP_REPLY for the legacy OP_QUERY handshake; `QueryFailure` (flag 2) when the command failed. */
export function encodeOpReply(reply: Document, responseTo: number, failed: boolean): Buffer {
  const body = serialize(reply);
  const length = 36 + body.length;
  const buf = Buffer.allocUnsafe(length);
  writeHeader(buf, length, responseTo, OP_REPLY);
  buf.writeInt32LE(failed ? 2 : 0, 16);
  buf.writeBigInt64LE(0n, 20);
  buf.writeInt32LE(0, 28);
  buf.writeInt32LE(1, 32);
  buf.set(body, 36);
  return buf;
}
