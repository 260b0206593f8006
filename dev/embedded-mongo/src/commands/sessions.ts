import { UUID, type Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { sessionKey } from '../sessions.ts';
import { bigintOf } from './args.ts';
import type { CommandContext } from './context.ts';

export function endSessions(cmd: Document, ctx: CommandContext): Document {
  const lsids = cmd[Object.keys(cmd)[0] as string];
  if (Array.isArray(lsids)) for (const lsid of lsids) ctx.state.sessions.endSession(sessionKey(lsid));
  return { ok: 1 };
}

export function startSession(): Document {
  return { id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 };
}

function transactionArgs(cmd: Document, ctx: CommandContext): { key: string; txnNumber: bigint } {
  if (ctx.db !== 'admin') throw new MongoCommandError(13, 'Unauthorized', `${Object.keys(cmd)[0]} may only be run against the admin database.`);
  if (cmd.txnNumber === undefined || cmd.lsid === undefined) throw new MongoCommandError(50768, 'Location50768', 'txnNumber and lsid are required for transaction commands');
  return { key: sessionKey(cmd.lsid), txnNumber: bigintOf(cmd.txnNumber) };
}

/** Applies the transaction's writes and appends all its changes to the change log in one commit. */
export function commitTransaction(cmd: Document, ctx: CommandContext): Document {
  const { key, txnNumber } = transactionArgs(cmd, ctx);
  const { store } = ctx.state;
  ctx.state.sessions.finish(key, txnNumber, 'committed', (txn) => {
    txn.apply();
    store.commit(txn.changes.map((change) => ({ ...change, lsid: cmd.lsid as Document, txnNumber })));
  });
  return { ok: 1 };
}

export function abortTransaction(cmd: Document, ctx: CommandContext): Document {
  const { key, txnNumber } = transactionArgs(cmd, ctx);
  ctx.state.sessions.finish(key, txnNumber, 'aborted');
  return { ok: 1 };
}
