import { Transform, type Duplex, type TransformCallback } from 'node:stream';
import { closeFrame, FrameBoundaries, GOING_AWAY } from './websocket-frames.ts';

/** How long the ends of a tunnel have to answer the close frames before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

const REASON = 'proxy shutting down';

/**
 * One direction of a tunnel. Bytes pass unchanged, with their frame boundaries followed;
 * once told to close, it sends the close frame at the next boundary and ends, dropping
 * whatever comes after (RFC 6455 §5.5.1: nothing follows a close frame).
 */
class FrameGate extends Transform {
  private readonly frames = new FrameBoundaries();
  private pendingClose: Buffer | undefined;
  private sentClose = false;

  closeAtBoundary(frame: Buffer): void {
    if (this.pendingClose || this.sentClose) return;
    this.pendingClose = frame;
    if (this.frames.atBoundary) this.sendClose();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.sentClose) return callback();
    if (!this.pendingClose) {
      this.frames.advance(chunk);
      return callback(null, chunk);
    }
    const at = this.frames.advance(chunk, 0, true);
    if (at > 0) this.push(chunk.subarray(0, at));
    if (this.frames.atBoundary) this.sendClose();
    callback();
  }

  private sendClose(): void {
    this.sentClose = true;
    this.push(this.pendingClose);
    this.push(null);
  }
}

/** What shutdown can do to an open tunnel. */
export interface Tunnel {
  /** Sends each end a close frame (1001, going away), then cuts both sockets if they have not closed after a grace period. */
  goAway(): void;
}

/**
 * Pipes an upgraded WebSocket both ways through frame gates. `clientHead` and
 * `upstreamHead` are bytes each side sent right after the handshake: they go through
 * the gates too, so the frame boundaries stay in step.
 */
export function tunnelWebSocket(client: Duplex, upstream: Duplex, clientHead: Buffer, upstreamHead: Buffer): Tunnel {
  const toClient = new FrameGate();
  const toUpstream = new FrameGate();
  if (upstreamHead.length > 0) toClient.write(upstreamHead);
  if (clientHead.length > 0) toUpstream.write(clientHead);
  upstream.pipe(toClient).pipe(client);
  client.pipe(toUpstream).pipe(upstream);
  let goingAway = false;
  return {
    goAway() {
      if (goingAway) return;
      goingAway = true;
      toClient.closeAtBoundary(closeFrame(GOING_AWAY, REASON, false));
      toUpstream.closeAtBoundary(closeFrame(GOING_AWAY, REASON, true));
      const cut = setTimeout(() => {
        client.destroy();
        upstream.destroy();
      }, CLOSE_GRACE_MS);
      cut.unref();
      client.once('close', () => clearTimeout(cut));
    },
  };
}
