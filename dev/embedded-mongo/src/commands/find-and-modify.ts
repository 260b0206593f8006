import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { matchingList } from '../query/filter.ts';
import { project } from '../query/projection.ts';
import { sortDocs } from '../query/sort.ts';
import { validateUpdate } from '../query/update.ts';
import { collectionArg, docArg } from './args.ts';
import type { CommandContext } from './context.ts';
import { removeDoc, updateDoc, upsertDoc } from './modify.ts';

function validate(cmd: Document): void {
  const remove = cmd.remove === true;
  if (remove && cmd.update !== undefined) throw new MongoCommandError(9, 'FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined) throw new MongoCommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && cmd.upsert === true) throw new MongoCommandError(9, 'FailedToParse', 'Cannot specify both upsert=true and remove=true');
  if (remove && cmd.new === true) throw new MongoCommandError(9, 'FailedToParse', 'Cannot specify both new=true and remove=true; \'remove\' always returns the deleted document');
}

export function findAndModify(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, Object.keys(cmd)[0] as string);
  validate(cmd);
  const filter = docArg(cmd, 'query');
  const sort = docArg(cmd, 'sort');
  const fields = docArg(cmd, 'fields');
  const access = ctx.workspace.read(ctx.db, name);
  const target = sortDocs(matchingList(access, filter, sort ? Infinity : 1), sort)[0];
  const reply = (value: Document | null, lastErrorObject: Document): Document => ({
    lastErrorObject,
    value: value ? (project([value], fields)[0] ?? null) : null,
    ok: 1,
  });
  if (cmd.remove === true) {
    if (!target || !access) return reply(null, { n: 0 });
    removeDoc(ctx, access, target);
    return reply(target.raw, { n: 1 });
  }
  const req = { filter, update: validateUpdate(cmd.update), arrayFilters: cmd.arrayFilters as Document[] | undefined };
  if (!target || !access) {
    if (cmd.upsert !== true) return reply(null, { n: 0, updatedExisting: false });
    const doc = upsertDoc(ctx, name, req);
    return reply(cmd.new === true ? doc.raw : null, { n: 1, updatedExisting: false, upserted: doc.raw._id });
  }
  const next = updateDoc(ctx, access, target, req) ?? target;
  return reply(cmd.new === true ? next.raw : target.raw, { n: 1, updatedExisting: true });
}
