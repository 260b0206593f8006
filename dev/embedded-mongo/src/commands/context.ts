import type { IntervalHistogram } from 'node:perf_hooks';
import type { Document, ObjectId } from 'bson';
import type { Logger } from '#lib';
import type { CursorRegistry } from '../cursor-registry.ts';
import type { FailPoints } from '../fail-points.ts';
import type { SessionRegistry } from '../sessions.ts';
import type { Store, Workspace } from '../storage/store.ts';

export interface ServerIdentity {
  /** host:port as clients reach it; what hello reports in `hosts`, `primary` and `me`. */
  address: string;
  setName: string;
  electionId: ObjectId;
  startedAt: Date;
}

/** Everything commands share: the data, open cursors, sessions, and who the server says it is. */
export interface ServerState {
  readonly store: Store;
  /** How late this process's event loop ran, since start or the last reset (serverStatus reports it). */
  readonly loopDelay: IntervalHistogram;
  readonly cursors: CursorRegistry;
  readonly sessions: SessionRegistry;
  readonly failPoints: FailPoints;
  readonly identity: ServerIdentity;
  readonly logger: Logger;
}

export interface CommandContext {
  readonly state: ServerState;
  /** The database the command runs on (`$db`). */
  readonly db: string;
  readonly workspace: Workspace;
  readonly connectionId: number;
  /** Aborted when the client's connection closes, so waiting getMores stop. */
  readonly signal: AbortSignal;
}

export type CommandHandler = (cmd: Document, ctx: CommandContext) => Document | Promise<Document>;
