import type { Duplex } from 'node:stream';
import type { Tunnel } from './websocket-tunnel.ts';

/**
 * The client sockets handed to the `upgrade` listener. The HTTP server lets go of a
 * socket once it is upgraded, so `closeAllConnections()` never reaches it and a drain
 * would wait for an open WebSocket forever; this set is how shutdown reaches them.
 */
export class TunnelSet {
  /** Each client socket, with its tunnel once the handshake succeeded. */
  private readonly sockets = new Map<Duplex, Tunnel | undefined>();
  private closing = false;

  /** Tracks `socket` until it closes. False once closing started: the caller refuses it. */
  add(socket: Duplex): boolean {
    this.sockets.set(socket, undefined);
    socket.once('close', () => this.sockets.delete(socket));
    return !this.closing;
  }

  /** The handshake on `socket` succeeded: at shutdown its tunnel is closed with close frames rather than cut. */
  opened(socket: Duplex, tunnel: Tunnel): void {
    if (this.sockets.has(socket)) this.sockets.set(socket, tunnel);
  }

  /** Takes no new tunnels; open ones run until they end or `destroy()`. Idempotent. */
  close(): void {
    this.closing = true;
  }

  /**
   * Ends every tunnel now: an open WebSocket gets a close frame (1001, going away) each
   * way and its sockets are cut soon after; a handshake still under way is cut at once.
   */
  destroy(): void {
    this.closing = true;
    for (const [socket, tunnel] of this.sockets) {
      if (tunnel) tunnel.goAway();
      else socket.destroy();
    }
  }
}
