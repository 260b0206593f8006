import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { isPlain } from '../bson-values.ts';
import { matchingList } from '../query/filter.ts';
import { validateUpdate } from '../query/update.ts';
import { arrayArg, collectionArg } from './args.ts';
import type { CommandContext } from './context.ts';
import { checkMultiReplacement, updateDoc, upsertDoc } from './modify.ts';
import { runStatements, withWriteErrors } from './write-errors.ts';

export function update(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'update');
  const statements = arrayArg(cmd, 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = runStatements(statements, cmd.ordered !== false, ctx.workspace.transaction !== undefined, (stmt, index) => {
    if (!isPlain(stmt) || !isPlain(stmt.q)) throw new MongoCommandError(40414, 'Location40414', "BSON field 'update.updates.q' is missing but a required field");
    const req = { filter: stmt.q, update: validateUpdate(stmt.u), arrayFilters: stmt.arrayFilters as Document[] | undefined };
    const multi = stmt.multi === true;
    checkMultiReplacement(multi, req.update);
    const access = ctx.workspace.read(ctx.db, name);
    const targets = matchingList(access, req.filter, multi ? Infinity : 1);
    if (targets.length === 0 && stmt.upsert === true) {
      const doc = upsertDoc(ctx, name, req);
      upserted.push({ index, _id: doc.raw._id });
      n++;
      return;
    }
    for (const target of targets) {
      n++;
      if (access && updateDoc(ctx, access, target, req)) nModified++;
    }
  });
  const reply: Document = { n, nModified, ...(upserted.length > 0 ? { upserted } : {}), ok: 1 };
  return withWriteErrors(reply, writeErrors);
}
