import type { Socket } from 'node:net';
import { firstEvent, settleWithin } from '#lib';
import type { ServerState } from './commands/context.ts';
import { frameAnswerer } from './frame-answers.ts';
import { FrameReader } from './wire/frame-reader.ts';

/** Requests parsed but not yet answered before reading pauses; the driver sends one at a time. */
const MAX_QUEUED_FRAMES = 8;

export interface ConnectionOptions {
  /** How long a message may sit incomplete, with no more bytes arriving, before the connection is closed. */
  frameStallTimeoutMs: number;
}

export interface Connection {
  /**
   * Stops reading and wakes waiting getMores; the requests already read run and their replies
   * are written, for at most `graceMs`; then the socket is closed.
   */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * Serves one client connection: frames in, one command at a time, replies out. Reading
 * pauses while requests pile up or replies go unread, so a client that pipelines without
 * reading cannot make the server buffer without bound.
 */
export function serveConnection(socket: Socket, state: ServerState, connectionId: number, options: ConnectionOptions): Connection {
  const log = state.logger.child({ connectionId, remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` });
  const reader = new FrameReader();
  /** Aborted when the connection closes or the server shuts down, so waiting getMores return. */
  const closed = new AbortController();
  const answer = frameAnswerer(state, connectionId, closed.signal, log);
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  let shuttingDown = false;
  let stallTimer: NodeJS.Timeout | undefined;
  socket.setNoDelay(true);

  const stopStallTimer = (): void => {
    clearTimeout(stallTimer);
    stallTimer = undefined;
  };
  /** (Re)started whenever bytes arrive and part of a message is still missing. */
  const startStallTimer = (): void => {
    stopStallTimer();
    if (reader.bufferedBytes === 0 || socket.isPaused()) return;
    stallTimer = setTimeout(() => {
      log.warn({ bufferedBytes: reader.bufferedBytes, timeoutMs: options.frameStallTimeoutMs }, 'partial message stalled, closing connection');
      socket.destroy();
    }, options.frameStallTimeoutMs);
    stallTimer.unref();
  };

  /** Reading goes on only while the queue is short and the client takes its replies. */
  const adjustReading = (): void => {
    if (socket.destroyed) return;
    const reason = shuttingDown ? 'shutdown' : queued >= MAX_QUEUED_FRAMES ? 'requests queued' : socket.writableNeedDrain ? 'replies unread' : undefined;
    if (reason !== undefined && !socket.isPaused()) {
      socket.pause();
      stopStallTimer();
      log.debug({ reason, queued }, 'reading paused');
    } else if (reason === undefined && socket.isPaused()) {
      socket.resume();
      startStallTimer();
      log.debug({ queued }, 'reading resumed');
    }
  };

  const handle = async (frame: Buffer): Promise<void> => {
    // Run nothing more while earlier replies sit unread: that is what bounds the output buffer.
    if (socket.writableNeedDrain && !socket.destroyed) {
      log.debug({ queued }, 'waiting for the client to read replies');
      await firstEvent(socket, ['drain', 'close']);
    }
    if (socket.destroyed) return;
    const outcome = await answer(frame);
    if (socket.destroyed) return;
    if (outcome === 'close') socket.destroy();
    else if (outcome !== 'none') socket.write(outcome.reply);
  };

  const enqueue = (frame: Buffer): void => {
    queued++;
    queue = queue
      .then(() => handle(frame))
      .catch((err: unknown) => log.error({ err }, 'connection handler failed'))
      .finally(() => {
        queued--;
        adjustReading();
      });
  };

  socket.on('data', (chunk: Buffer) => {
    if (shuttingDown) return;
    const { frames, problem } = reader.push(chunk);
    for (const frame of frames) enqueue(frame);
    if (problem) {
      log.warn(problem, 'malformed message length, closing connection');
      socket.destroy();
      return;
    }
    adjustReading();
    startStallTimer();
  });
  socket.on('drain', adjustReading);
  socket.on('error', (err) => log.debug({ err }, 'connection error'));
  socket.on('close', () => {
    stopStallTimer();
    closed.abort();
  });

  const repliesWritten = (): Promise<void> =>
    new Promise((resolve) => {
      if (socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      socket.end(() => resolve());
    });

  return {
    async shutdown(graceMs) {
      shuttingDown = true;
      adjustReading();
      stopStallTimer();
      closed.abort();
      if ((await settleWithin(queue.then(repliesWritten), graceMs)) === 'timeout') log.warn({ graceMs, queued }, 'connection still busy at shutdown, closing it');
      socket.destroy();
    },
  };
}
