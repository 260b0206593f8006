import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { MongoCommandError } from './command-error.ts';
import type { ServerState } from './commands/context.ts';
import { runCommand } from './dispatcher.ts';
import { encodeReply } from './reply-encoding.ts';
import { FrameReader } from './wire/frame-reader.ts';
import { encodeOpMsg, encodeOpReply, MSG_CHECKSUM_PRESENT, MSG_MORE_TO_COME, OP_MSG, OP_QUERY, parseOpMsg, parseOpQuery, readHeader, type Header } from './wire/messages.ts';

/**
 * Serves one client connection: frames in, one command at a time, replies out.
 * Bad input is answered with an error reply when the frame can be understood, and
 * closes the connection when it cannot; either way it is logged and other clients
 * are unaffected.
 */
export function serveConnection(socket: Socket, state: ServerState, connectionId: number): void {
  const log = state.logger.child({ connectionId, remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` });
  const reader = new FrameReader();
  const closed = new AbortController();
  let queue: Promise<void> = Promise.resolve();
  let appName: string | undefined;
  /** The handshake (hello/isMaster) names the client's application; failpoints can target it. */
  const invocation = (command: Document, db: string) => {
    const name = (command.client as { application?: { name?: unknown } } | undefined)?.application?.name;
    if (typeof name === 'string') appName = name;
    return { command, db, connectionId, appName, signal: closed.signal };
  };
  socket.setNoDelay(true);

  const handle = async (frame: Buffer): Promise<void> => {
    if (socket.destroyed) return;
    const header = readHeader(frame);
    if (header.opCode === OP_MSG) return handleOpMsg(frame, header);
    if (header.opCode === OP_QUERY) return handleOpQuery(frame, header);
    log.warn({ opCode: header.opCode }, 'unsupported opcode, closing connection');
    socket.destroy();
  };

  const handleOpMsg = async (frame: Buffer, header: Header): Promise<void> => {
    const flags = frame.length >= 20 ? frame.readUInt32LE(16) : 0;
    const checksum = (flags & MSG_CHECKSUM_PRESENT) !== 0;
    let reply: Document;
    try {
      const msg = parseOpMsg(frame, header);
      reply = await runCommand(state, invocation(msg.command, msg.db));
    } catch (err) {
      log.warn({ err, requestId: header.requestId }, 'bad message');
      reply = err instanceof MongoCommandError ? err.toReply() : { ok: 0, errmsg: String(err), code: 1, codeName: 'InternalError' };
    }
    // moreToCome: the client does not read a reply (unacknowledged writes).
    if ((flags & MSG_MORE_TO_COME) !== 0) return;
    send(encodeReply(reply, (r) => encodeOpMsg(r, header.requestId, { checksum }), log));
  };

  const handleOpQuery = async (frame: Buffer, header: Header): Promise<void> => {
    let reply: Document;
    try {
      const msg = parseOpQuery(frame, header);
      reply = await runCommand(state, invocation(msg.command, msg.db));
    } catch (err) {
      log.warn({ err, requestId: header.requestId }, 'bad legacy query');
      reply = err instanceof MongoCommandError ? { $err: err.message, ...err.toReply() } : { $err: String(err), ok: 0 };
    }
    send(encodeReply(reply, (r) => encodeOpReply(r, header.requestId, r.ok !== 1), log));
  };

  const send = (frame: Buffer | undefined): void => {
    if (socket.destroyed) return;
    if (frame) socket.write(frame);
    else socket.destroy();
  };

  socket.on('data', (chunk: Buffer) => {
    const { frames, problem } = reader.push(chunk);
    for (const frame of frames) queue = queue.then(() => handle(frame)).catch((err: unknown) => log.error({ err }, 'connection handler failed'));
    if (problem) {
      log.warn(problem, 'malformed message length, closing connection');
      socket.destroy();
    }
  });
  socket.on('error', (err) => log.debug({ err }, 'connection error'));
  socket.on('close', () => closed.abort());
}
