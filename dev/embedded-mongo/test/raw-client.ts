import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { deserialize, serialize, type Document } from 'bson';
import { crc32c } from '../src/wire/crc32c.ts';
import { FrameReader } from '../src/wire/frame-reader.ts';

export interface RawReply {
  opCode: number;
  responseTo: number;
  flags: number;
  body: Document;
  frame: Buffer;
}

/** A bare TCP client that speaks (or mangles) the wire protocol, for robustness tests. */
export class RawClient {
  private readonly reader = new FrameReader();
  private readonly replies: RawReply[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.reader.push(chunk).frames) this.replies.push(parseReply(frame));
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => undefined);
    this.closed = once(socket, 'close').then(() => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next reply, or undefined when the server closed the connection first. */
  async next(): Promise<RawReply | undefined> {
    while (this.replies.length === 0) {
      if (this.socket.destroyed || this.socket.readableEnded) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.replies.shift();
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseReply(frame: Buffer): RawReply {
  const opCode = frame.readInt32LE(12);
  const responseTo = frame.readInt32LE(8);
  if (opCode === 1) return { opCode, responseTo, flags: frame.readInt32LE(16), body: deserialize(frame.subarray(36)), frame };
  const flags = frame.readUInt32LE(16);
  const end = flags & 1 ? frame.length - 4 : frame.length;
  return { opCode, responseTo, flags, body: deserialize(frame.subarray(21, end)), frame };
}

/** An OP_MSG with one body section; `flags` and a checksum as asked. */
export function opMsg(body: Document, options: { requestId?: number; flags?: number; checksum?: boolean | number } = {}): Buffer {
  const bson = serialize(body);
  const withSum = options.checksum !== undefined && options.checksum !== false;
  const length = 21 + bson.length + (withSum ? 4 : 0);
  const buf = Buffer.alloc(length);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(options.requestId ?? 1, 4);
  buf.writeInt32LE(2013, 12);
  buf.writeUInt32LE((options.flags ?? 0) | (withSum ? 1 : 0), 16);
  buf.set(bson, 21);
  if (withSum) buf.writeUInt32LE(typeof options.checksum === 'number' ? options.checksum : crc32c(buf, 0, length - 4), length - 4);
  return buf;
}

/** A legacy OP_QUERY on `<db>.$cmd`. */
export function opQuery(db: string, command: Document, requestId = 1): Buffer {
  const ns = Buffer.from(`${db}.$cmd\0`);
  const bson = serialize(command);
  const length = 16 + 4 + ns.length + 8 + bson.length;
  const buf = Buffer.alloc(length);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(2004, 12);
  ns.copy(buf, 20);
  buf.writeInt32LE(0, 20 + ns.length);
  buf.writeInt32LE(-1, 24 + ns.length);
  buf.set(bson, 28 + ns.length);
  return buf;
}
