import { randomBytes } from 'node:crypto';

/** Close status 1001 (RFC 6455 §7.4.1): the endpoint is going away, as a server shutting down. */
export const GOING_AWAY = 1001;

/** The longest frame header: 2 bytes, a 64-bit length, a 4-byte mask key. */
const MAX_HEADER = 14;

/**
 * Follows frame boundaries in one direction of a WebSocket byte stream (RFC 6455 §5.2),
 * reading headers only: payloads are skipped, never buffered. Control frames may come
 * between the fragments of a message, so any boundary is a place to put a close frame.
 */
export class FrameBoundaries {
  private readonly header = Buffer.alloc(MAX_HEADER);
  private headerLength = 0;
  /** Payload bytes of the current frame still to come. */
  private remaining = 0;

  get atBoundary(): boolean {
    return this.headerLength === 0 && this.remaining === 0;
  }

  /**
   * Reads `chunk` from `offset`; returns where it stopped: the chunk's end, or with
   * `untilBoundary`, the first frame boundary (`offset` itself when already at one).
   */
  advance(chunk: Buffer, offset = 0, untilBoundary = false): number {
    let at = offset;
    while (at < chunk.length) {
      if (untilBoundary && this.atBoundary) return at;
      if (this.remaining > 0) {
        const skip = Math.min(this.remaining, chunk.length - at);
        this.remaining -= skip;
        at += skip;
        continue;
      }
      this.header[this.headerLength++] = chunk[at++] as number;
      const needed = this.headerSize();
      if (needed !== undefined && this.headerLength === needed) {
        this.remaining = this.payloadLength();
        this.headerLength = 0;
      }
    }
    return at;
  }

  /** The whole header's size, once its second byte is known. */
  private headerSize(): number | undefined {
    if (this.headerLength < 2) return undefined;
    const second = this.header[1] as number;
    const length7 = second & 0x7f;
    const extended = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    return 2 + extended + (second & 0x80 ? 4 : 0);
  }

  private payloadLength(): number {
    const length7 = (this.header[1] as number) & 0x7f;
    if (length7 === 126) return this.header.readUInt16BE(2);
    if (length7 === 127) return Number(this.header.readBigUInt64BE(2));
    return length7;
  }
}

/**
 * A close frame. Frames a client sends are masked (§5.3), so the one Peel sends upstream
 * on the client's behalf is too; the one it sends the client is not.
 */
export function closeFrame(code: number, reason: string, masked: boolean): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  if (payload.length > 125) throw new RangeError('a close frame payload is at most 125 bytes');
  if (!masked) return Buffer.concat([Buffer.from([0x88, payload.length]), payload]);
  const key = randomBytes(4);
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length]), key, payload]);
}
