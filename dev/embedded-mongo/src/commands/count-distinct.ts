import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { keyOf, valuesAt, viewOf } from '../bson-values.ts';
import { matchingList } from '../query/filter.ts';
import { collectionArg, docArg, numberArg } from './args.ts';
import type { CommandContext } from './context.ts';

export function count(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'count');
  const skip = Math.max(0, numberArg(cmd, 'skip') ?? 0);
  const limit = Math.abs(numberArg(cmd, 'limit') ?? 0) || Infinity;
  const matched = matchingList(ctx.workspace.read(ctx.db, name), docArg(cmd, 'query'), skip + limit).length;
  return { n: Math.max(0, Math.min(matched - skip, limit)), ok: 1 };
}

export function distinct(cmd: Document, ctx: CommandContext): Document {
  const name = collectionArg(cmd, 'distinct');
  const key = cmd.key;
  if (typeof key !== 'string' || key === '') throw new MongoCommandError(14, 'TypeMismatch', "BSON field 'distinct.key' is the wrong type, expected type 'string'");
  const path = key.split('.');
  const seen = new Map<string, unknown>();
  for (const doc of matchingList(ctx.workspace.read(ctx.db, name), docArg(cmd, 'query'))) {
    for (const value of valuesAt(doc.raw, path).flatMap((v) => (Array.isArray(v) ? v : [v]))) {
      const k = keyOf(viewOf(value));
      if (!seen.has(k)) seen.set(k, value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
}
