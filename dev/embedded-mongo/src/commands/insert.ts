import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { isPlain } from '../bson-values.ts';
import { withId } from '../query/update.ts';
import { storeDoc } from '../storage/stored-doc.ts';
import { arrayArg, collectionArg } from './args.ts';
import type { CommandContext } from './context.ts';
import { runStatements, withWriteErrors } from './write-errors.ts';

export function insert(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'insert');
  const documents = arrayArg(cmd, 'documents');
  const coll = ctx.workspace.write(ctx.db, name);
  let n = 0;
  const writeErrors = runStatements(documents, cmd.ordered !== false, ctx.workspace.transaction !== undefined, (doc) => {
    if (!isPlain(doc)) throw new MongoCommandError(2, 'BadValue', 'document to insert must be an object');
    if (Array.isArray(doc._id) || doc._id instanceof RegExp) throw new MongoCommandError(2, 'BadValue', `can't use an array or regex for _id`);
    const raw = doc._id !== undefined && Object.keys(doc)[0] === '_id' ? doc : withId(doc);
    coll.insert(storeDoc(raw));
    ctx.workspace.record({ op: 'insert', db: ctx.db, coll: name, documentKey: { _id: raw._id }, after: raw, imagesEnabled: coll.imagesEnabled });
    n++;
  });
  return withWriteErrors({ n, ok: 1 }, writeErrors);
}
