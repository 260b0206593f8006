/** The largest message MongoDB accepts (`maxMessageSizeBytes` in hello). */
export const MAX_MESSAGE_BYTES = 48_000_000;
/** A message header is 16 bytes; no valid message is shorter. */
export const HEADER_BYTES = 16;

export type FrameProblem = { reason: 'too-small' | 'too-large'; length: number };

/**
 * Cuts a TCP byte stream into whole wire messages. It trusts nothing: the length
 * prefix is checked against the protocol's bounds before anything is buffered for it.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** Bytes of a message that has not arrived whole yet. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feeds bytes; returns complete frames, or a problem that makes the stream unusable. */
  push(chunk: Buffer): { frames: Buffer[]; problem?: FrameProblem } {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    while (this.buffered >= 4) {
      const length = this.peekLength();
      if (length < HEADER_BYTES) return { frames, problem: { reason: 'too-small', length } };
      if (length > MAX_MESSAGE_BYTES) return { frames, problem: { reason: 'too-large', length } };
      if (this.buffered < length) break;
      frames.push(this.take(length));
    }
    return { frames };
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32LE(0);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.readInt32LE(0);
  }

  private take(length: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length === length) {
      this.chunks.shift();
    } else if (first.length > length) {
      this.chunks[0] = first.subarray(length);
      this.buffered -= length;
      return first.subarray(0, length);
    } else {
      const joined = Buffer.concat(this.chunks);
      this.chunks = joined.length > length ? [joined.subarray(length)] : [];
      this.buffered -= length;
      return joined.subarray(0, length);
    }
    this.buffered -= length;
    return first;
  }
}
