import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { isPlain } from '../bson-values.ts';
import { matchingList } from '../query/filter.ts';
import { arrayArg, collectionArg } from './args.ts';
import type { CommandContext } from './context.ts';
import { removeDoc } from './modify.ts';
import { runStatements, withWriteErrors } from './write-errors.ts';

export function deleteCommand(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'delete');
  const statements = arrayArg(cmd, 'deletes');
  let n = 0;
  const writeErrors = runStatements(statements, cmd.ordered !== false, ctx.workspace.transaction !== undefined, (stmt) => {
    if (!isPlain(stmt) || !isPlain(stmt.q)) throw new MongoCommandError(40414, 'Location40414', "BSON field 'delete.deletes.q' is missing but a required field");
    const limit = Number(stmt.limit ?? 0);
    if (limit !== 0 && limit !== 1) throw new MongoCommandError(9, 'FailedToParse', `The limit field in delete objects must be 0 or 1. Got ${limit}`);
    const access = ctx.workspace.read(ctx.db, name);
    if (!access) return;
    for (const target of matchingList(access, stmt.q, limit === 1 ? 1 : Infinity)) {
      removeDoc(ctx, access, target);
      n++;
    }
  });
  return withWriteErrors({ n, ok: 1 }, writeErrors);
}
