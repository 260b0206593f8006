import type { Document } from 'bson';
import type { Logger } from '#lib';
import { MongoCommandError } from './command-error.ts';
import type { ServerState } from './commands/context.ts';
import { runCommand } from './dispatcher.ts';
import { encodeReply } from './reply-encoding.ts';
import { encodeOpMsg, encodeOpReply, MSG_CHECKSUM_PRESENT, MSG_MORE_TO_COME, OP_MSG, OP_QUERY, parseOpMsg, parseOpQuery, readHeader, type Header } from './wire/messages.ts';

/** What to do after one request: send a reply frame, send nothing (moreToCome), or close. */
export type Answer = { reply: Buffer } | 'none' | 'close';

/**
 * Turns one connection's request frames into reply frames. Bad input is answered with an
 * error reply when the frame can be understood, and closes the connection when it cannot.
 */
export function frameAnswerer(state: ServerState, connectionId: number, signal: AbortSignal, log: Logger): (frame: Buffer) => Promise<Answer> {
  let appName: string | undefined;
  /** The handshake (hello/isMaster) names the client's application; failpoints can target it. */
  const invocation = (command: Document, db: string) => {
    const name = (command.client as { application?: { name?: unknown } } | undefined)?.application?.name;
    if (typeof name === 'string') appName = name;
    return { command, db, connectionId, appName, signal };
  };
  const encoded = (frame: Buffer | undefined): Answer => (frame ? { reply: frame } : 'close');

  /** Parses and runs one request; a failure is logged and becomes the reply `asError` makes of it. */
  const run = async (parse: () => { command: Document; db: string }, header: Header, failure: string, asError: (err: unknown) => Document): Promise<Document> => {
    try {
      const msg = parse();
      return await runCommand(state, invocation(msg.command, msg.db));
    } catch (err) {
      log.warn({ err, requestId: header.requestId }, failure);
      return asError(err);
    }
  };

  const answerOpMsg = async (frame: Buffer, header: Header): Promise<Answer> => {
    const flags = frame.length >= 20 ? frame.readUInt32LE(16) : 0;
    const checksum = (flags & MSG_CHECKSUM_PRESENT) !== 0;
    const reply = await run(() => parseOpMsg(frame, header), header, 'bad message', (err) =>
      err instanceof MongoCommandError ? err.toReply() : { ok: 0, errmsg: String(err), code: 1, codeName: 'InternalError' },
    );
    // moreToCome: the client does not read a reply (unacknowledged writes).
    if ((flags & MSG_MORE_TO_COME) !== 0) return 'none';
    return encoded(encodeReply(reply, (r) => encodeOpMsg(r, header.requestId, { checksum }), log));
  };

  const answerOpQuery = async (frame: Buffer, header: Header): Promise<Answer> => {
    const reply = await run(() => parseOpQuery(frame, header), header, 'bad legacy query', (err) =>
      err instanceof MongoCommandError ? { $err: err.message, ...err.toReply() } : { $err: String(err), ok: 0 },
    );
    return encoded(encodeReply(reply, (r) => encodeOpReply(r, header.requestId, r.ok !== 1), log));
  };

  return async (frame) => {
    const header = readHeader(frame);
    if (header.opCode === OP_MSG) return answerOpMsg(frame, header);
    if (header.opCode === OP_QUERY) return answerOpQuery(frame, header);
    log.warn({ opCode: header.opCode }, 'unsupported opcode, closing connection');
    return 'close';
  };
}
