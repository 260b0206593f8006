import type { CommandHandler } from './context.ts';
import { aggregate } from './aggregate.ts';
import { collMod, create, drop, dropDatabase, listCollections, listDatabases, renameCollection } from './collections.ts';
import { count, distinct } from './count-distinct.ts';
import { getMore, killCursors } from './cursors.ts';
import { deleteCommand } from './delete.ts';
import { find } from './find.ts';
import { findAndModify } from './find-and-modify.ts';
import { buildInfo, hello, hostInfo, serverStatus } from './hello.ts';
import { createIndexes, dropIndexes, listIndexes } from './indexes.ts';
import { insert } from './insert.ts';
import { connectionStatus, getCmdLineOpts, getLog, getParameter, ok, replSetGetStatus, whatsmyuri } from './misc.ts';
import { abortTransaction, commitTransaction, endSessions, startSession } from './sessions.ts';
import { update } from './update.ts';

/** Every command the server knows, by name; anything else is error 59 CommandNotFound. */
export const COMMANDS = new Map<string, CommandHandler>([
  ['hello', hello],
  ['isMaster', hello],
  ['ismaster', hello],
  ['ping', ok],
  ['buildInfo', buildInfo],
  ['buildinfo', buildInfo],
  ['hostInfo', hostInfo],
  ['serverStatus', serverStatus],
  ['getParameter', getParameter],
  ['connectionStatus', connectionStatus],
  ['getCmdLineOpts', getCmdLineOpts],
  ['getLog', getLog],
  ['whatsmyuri', whatsmyuri],
  ['replSetGetStatus', replSetGetStatus],
  ['listDatabases', listDatabases],
  ['listCollections', listCollections],
  ['create', create],
  ['collMod', collMod],
  ['drop', drop],
  ['dropDatabase', dropDatabase],
  ['renameCollection', renameCollection],
  ['createIndexes', createIndexes],
  ['listIndexes', listIndexes],
  ['dropIndexes', dropIndexes],
  ['deleteIndexes', dropIndexes],
  ['insert', insert],
  ['find', find],
  ['getMore', getMore],
  ['killCursors', killCursors],
  ['update', update],
  ['delete', deleteCommand],
  ['findAndModify', findAndModify],
  ['findandmodify', findAndModify],
  ['count', count],
  ['distinct', distinct],
  ['aggregate', aggregate],
  ['endSessions', endSessions],
  ['killSessions', endSessions],
  ['startSession', startSession],
  ['refreshSessions', ok],
  ['commitTransaction', commitTransaction],
  ['abortTransaction', abortTransaction],
  ['configureFailPoint', (cmd, ctx) => ctx.state.failPoints.configure(cmd)],
]);

/** Commands MongoDB allows inside a multi-document transaction. */
export const TRANSACTION_COMMANDS = new Set(['find', 'getMore', 'killCursors', 'insert', 'update', 'delete', 'findAndModify', 'findandmodify', 'aggregate', 'distinct', 'commitTransaction', 'abortTransaction']);
