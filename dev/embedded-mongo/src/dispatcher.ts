import { Binary, Long, type Document } from 'bson';
import { MongoCommandError } from './command-error.ts';
import { bigintOf } from './commands/args.ts';
import type { CommandContext, ServerState } from './commands/context.ts';
import { COMMANDS, TRANSACTION_COMMANDS } from './commands/registry.ts';
import { sessionKey } from './sessions.ts';
import type { Workspace } from './storage/store.ts';

/** Writes the driver retries after a network error; each (session, txnNumber) runs once. */
const RETRYABLE_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

const EMPTY_SIGNATURE = { hash: new Binary(Buffer.alloc(20), 0), keyId: Long.fromNumber(0) };

export interface Invocation {
  command: Document;
  db: string;
  connectionId: number;
  /** The application name the connection's handshake gave (`client.application.name`). */
  appName?: string | undefined;
  signal: AbortSignal;
}

function commandName(command: Document): string {
  for (const key in command) return key;
  throw new MongoCommandError(9, 'FailedToParse', 'empty command');
}

/** Picks autocommit or the session's transaction, as `autocommit: false` asks. */
function workspaceFor(state: ServerState, command: Document, name: string): { workspace: Workspace; txnKey?: string } {
  if (command.autocommit !== false || name === 'commitTransaction' || name === 'abortTransaction') return { workspace: state.store.autoCommit };
  if (!TRANSACTION_COMMANDS.has(name)) throw new MongoCommandError(263, 'OperationNotSupportedInTransaction', `Cannot run '${name}' in a multi-document transaction.`);
  if (command.txnNumber === undefined) throw new MongoCommandError(50768, 'Location50768', "'autocommit' field requires a transaction number to also be specified");
  const key = sessionKey(command.lsid);
  const txn = state.sessions.transaction(key, bigintOf(command.txnNumber), command.startTransaction === true);
  return { workspace: state.store.inTransaction(txn), txnKey: key };
}

function retryableWrite(command: Document, name: string): { key: string; txnNumber: bigint } | undefined {
  if (!RETRYABLE_WRITES.has(name) || command.txnNumber === undefined || command.lsid === undefined) return undefined;
  return { key: sessionKey(command.lsid), txnNumber: bigintOf(command.txnNumber) };
}

/** Runs one command and returns MongoDB's reply document, errors included; never throws. */
export async function runCommand(state: ServerState, call: Invocation): Promise<Document> {
  let reply: Document;
  let txnKey: string | undefined;
  try {
    const name = commandName(call.command);
    const handler = COMMANDS.get(name);
    if (!handler) throw new MongoCommandError(59, 'CommandNotFound', `no such command: '${name}'`);
    const failure = state.failPoints.check(name, call.appName);
    if (failure) throw failure;
    const chosen = workspaceFor(state, call.command, name);
    txnKey = chosen.txnKey;
    const ctx: CommandContext = { state, db: call.db, workspace: chosen.workspace, connectionId: call.connectionId, signal: call.signal };
    const retry = txnKey === undefined ? retryableWrite(call.command, name) : undefined;
    const earlier = retry ? state.sessions.retriedWrite(retry.key, retry.txnNumber) : undefined;
    reply = earlier ? { ...earlier } : await handler(call.command, ctx);
    await state.store.flush();
    if (retry && !earlier) state.sessions.rememberWrite(retry.key, retry.txnNumber, { ...reply });
  } catch (err) {
    if (txnKey !== undefined) state.sessions.abortCurrent(txnKey);
    reply = errorReply(state, err);
  }
  const now = state.store.changeLog.now();
  reply.$clusterTime = { clusterTime: now, signature: EMPTY_SIGNATURE };
  reply.operationTime = now;
  return reply;
}

function errorReply(state: ServerState, err: unknown): Document {
  if (err instanceof MongoCommandError) return err.toReply();
  state.logger.error({ err }, 'command failed unexpectedly');
  return { ok: 0, errmsg: err instanceof Error ? err.message : String(err), code: 1, codeName: 'InternalError' };
}
