import type { Socket } from 'node:net';
import { settleWithin } from '#lib';
import type { ServerState } from './commands/context.ts';
import { frameAnswerer } from './frame-answers.ts';
import { FrameReader } from './wire/frame-reader.ts';

export interface Connection {
  /**
   * Stops reading and wakes waiting getMores; the requests already read run and their replies
   * are written, for at most `graceMs`; then the socket is closed.
   */
  shutdown(graceMs: number): Promise<void>;
}

/** Serves one client connection: frames in, one command at a time, replies out. */
export function serveConnection(socket: Socket, state: ServerState, connectionId: number): Connection {
  const log = state.logger.child({ connectionId, remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` });
  const reader = new FrameReader();
  /** Aborted when the connection closes or the server shuts down, so waiting getMores return. */
  const closed = new AbortController();
  const answer = frameAnswerer(state, connectionId, closed.signal, log);
  let queue: Promise<void> = Promise.resolve();
  let shuttingDown = false;
  socket.setNoDelay(true);

  const handle = async (frame: Buffer): Promise<void> => {
    if (socket.destroyed) return;
    const outcome = await answer(frame);
    if (socket.destroyed) return;
    if (outcome === 'close') socket.destroy();
    else if (outcome !== 'none') socket.write(outcome.reply);
  };

  socket.on('data', (chunk: Buffer) => {
    if (shuttingDown) return;
    const { frames, problem } = reader.push(chunk);
    for (const frame of frames) queue = queue.then(() => handle(frame)).catch((err: unknown) => log.error({ err }, 'connection handler failed'));
    if (problem) {
      log.warn(problem, 'malformed message length, closing connection');
      socket.destroy();
    }
  });
  socket.on('error', (err) => log.debug({ err }, 'connection error'));
  socket.on('close', () => closed.abort());

  const repliesWritten = (): Promise<void> =>
    new Promise((resolve) => {
      if (socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      socket.end(() => resolve());
    });

  return {
    async shutdown(graceMs) {
      shuttingDown = true;
      socket.pause();
      closed.abort();
      if ((await settleWithin(queue.then(repliesWritten), graceMs)) === 'timeout') log.warn({ graceMs }, 'connection still busy at shutdown, closing it');
      socket.destroy();
    },
  };
}
