import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { matchingList } from '../query/filter.ts';
import { indexBounds } from '../query/index-bounds.ts';
import { project } from '../query/projection.ts';
import { sortDocs } from '../query/sort.ts';
import { collectionArg, docArg, numberArg } from './args.ts';
import { firstBatch } from './batches.ts';
import type { CommandContext } from './context.ts';

export function find(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'find');
  const sort = docArg(cmd, 'sort');
  const skip = numberArg(cmd, 'skip') ?? 0;
  const rawLimit = numberArg(cmd, 'limit') ?? 0;
  const batchSize = numberArg(cmd, 'batchSize');
  if (skip < 0) throw new MongoCommandError(51024, 'Location51024', "BSON field 'skip' value must be >= 0, actual value '" + skip + "'");
  if (rawLimit < 0) throw new MongoCommandError(51024, 'Location51024', "BSON field 'limit' value must be >= 0, actual value '" + rawLimit + "'");
  if (batchSize !== undefined && batchSize < 0) throw new MongoCommandError(51024, 'Location51024', "BSON field 'batchSize' value must be >= 0, actual value '" + batchSize + "'");
  const limit = rawLimit || Infinity;
  const access = ctx.workspace.read(ctx.db, name);
  const bounds = indexBounds(cmd);
  let matched = matchingList(access, docArg(cmd, 'filter'), sort || bounds ? Infinity : skip + limit);
  if (bounds) matched = matched.filter((doc) => bounds.matches(doc));
  // Bounds walk the hinted index, so without a sort the results come in its order.
  const docs = sortDocs(matched, sort ?? (bounds ? { [bounds.field]: 1 } : undefined)).slice(skip, skip + limit);
  const raws = project(
    docs.map((d) => d.raw),
    docArg(cmd, 'projection'),
  );
  const singleBatch = cmd.singleBatch === true;
  return firstBatch(ctx, `${ctx.db}.${name}`, raws, batchSize, singleBatch);
}
