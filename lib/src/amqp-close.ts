import type { ChannelModel } from 'amqplib';
import { settleWithin } from './settle-within.ts';

/** How long a clean close may take before the socket is cut. */
export const AMQP_CLOSE_TIMEOUT_MS = 2_000;

/**
 * Closes an amqplib connection (or one of its channels first) and never hangs on it: a
 * broker that keeps the socket open but stopped answering gets the socket cut after
 * `timeoutMs`. Errors are swallowed: this runs on shutdown and after a loss, when the
 * other side may be gone already.
 */
export async function closeAmqp(connection: ChannelModel, options: { channel?: { close(): Promise<void> }; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? AMQP_CLOSE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const channelClosed = !options.channel || (await settleWithin(options.channel.close(), timeoutMs)) !== 'timeout';
  if (channelClosed && (await settleWithin(connection.close(), Math.max(0, deadline - Date.now()))) !== 'timeout') return;
  // amqplib has no public way to drop a connection without the closing handshake; a socket
  // error makes it tear the connection down (channels, heartbeat timers) itself.
  const socket = (connection as unknown as { connection?: { stream?: { destroy(err: Error): void } } }).connection?.stream;
  socket?.destroy(new Error(`no answer to the close within ${timeoutMs} ms`));
}

