import type { Document } from 'bson';
import type { CommandContext } from './context.ts';

export const ok = (): Document => ({ ok: 1 });

export function getParameter(cmd: Document): Document {
  const reply: Document = { ok: 1 };
  if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*') reply.featureCompatibilityVersion = { version: '7.0' };
  return reply;
}

export function connectionStatus(): Document {
  return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
}

export function getCmdLineOpts(): Document {
  return { argv: ['peel', 'mongo'], parsed: {}, ok: 1 };
}

export function getLog(): Document {
  return { totalLinesWritten: 0, log: [], ok: 1 };
}

export function whatsmyuri(_cmd: Document, ctx: CommandContext): Document {
  return { you: ctx.state.identity.address, ok: 1 };
}

export function replSetGetStatus(_cmd: Document, ctx: CommandContext): Document {
  const { identity, store } = ctx.state;
  const now = store.changeLog.now();
  return {
    set: identity.setName,
    date: new Date(),
    myState: 1,
    members: [{ _id: 0, name: identity.address, health: 1, state: 1, stateStr: 'PRIMARY', self: true, optime: { ts: now, t: 1 } }],
    ok: 1,
  };
}
