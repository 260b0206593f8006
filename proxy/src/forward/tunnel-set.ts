import type { Duplex } from 'node:stream';

/**
 * The client sockets handed to the `upgrade` listener. The HTTP server lets go of a
 * socket once it is upgraded, so `closeAllConnections()` never reaches it and a drain
 * would wait for an open WebSocket forever; this set is how shutdown reaches them.
 */
export class TunnelSet {
  private readonly sockets = new Set<Duplex>();
  private closing = false;

  /** Tracks `socket` until it closes. False once closing started: the caller refuses it. */
  add(socket: Duplex): boolean {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return !this.closing;
  }

  /** Takes no new tunnels; open ones run until they end or `destroy()`. Idempotent. */
  close(): void {
    this.closing = true;
  }

  /** Ends every tunnel now (each tunnel's upstream side goes with its client socket). */
  destroy(): void {
    this.closing = true;
    for (const socket of this.sockets) socket.destroy();
  }
}
