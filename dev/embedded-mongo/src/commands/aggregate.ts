import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { isPlain, viewOf } from '../bson-values.ts';
import { openChangeStream } from '../change-stream.ts';
import { MongoCommandError } from '../command-error.ts';
import { compileFilter, matchingList, MINGO_OPTIONS, queryError } from '../query/filter.ts';
import { sortDocs } from '../query/sort.ts';
import type { StoredDoc } from '../storage/stored-doc.ts';
import { arrayArg, cursorDoc, numberArg } from './args.ts';
import { firstBatch } from './batches.ts';
import type { CommandContext } from './context.ts';

const SIMPLE_STAGES = new Set(['$match', '$sort', '$skip', '$limit']);
const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$geoNear', '$search', '$searchMeta', '$vectorSearch', '$collStats', '$indexStats', '$currentOp', '$listSessions', '$planCacheStats']);

export async function aggregate(cmd: Document, ctx: CommandContext): Promise<Document> {
  const target = cmd.aggregate;
  const pipeline = arrayArg(cmd, 'pipeline');
  if (!isPlain(cmd.cursor) && cmd.explain !== true) {
    throw new MongoCommandError(9, 'FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  const batchSize = isPlain(cmd.cursor) ? numberArg(cmd.cursor, 'batchSize') : undefined;
  const coll = typeof target === 'string' ? target : undefined;
  if (coll === undefined && target !== 1) throw new MongoCommandError(73, 'InvalidNamespace', `Invalid value for aggregate: ${String(target)}; expected a collection name or 1`);
  if (pipeline[0] && isPlain(pipeline[0]) && '$changeStream' in pipeline[0]) return changeStream(ctx, coll, pipeline, batchSize, numberArg(cmd, 'maxTimeMS'));
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (UNSUPPORTED_STAGES.has(name)) throw new MongoCommandError(115, 'CommandNotSupported', `${name} is not supported by the embedded MongoDB server`);
  }
  const ns = coll ? `${ctx.db}.${coll}` : `${ctx.db}.$cmd.aggregate`;
  const stored = coll ? [...(ctx.workspace.read(ctx.db, coll)?.all() ?? [])] : [];
  const docs = pipeline.every((s) => SIMPLE_STAGES.has(Object.keys(s)[0] ?? '')) ? simplePipeline(stored, pipeline) : runMingo(ctx, stored, pipeline);
  return firstBatch(ctx, ns, docs, batchSize);
}

/** $match/$sort/$skip/$limit run on stored documents, so results keep their exact BSON types. */
function simplePipeline(docs: StoredDoc[], pipeline: Document[]): Document[] {
  let out = docs;
  for (const stage of pipeline) {
    if ('$match' in stage) {
      const query = compileFilter(stage.$match as Document);
      out = out.filter((d) => query.test(d.view));
    } else if ('$sort' in stage) out = sortDocs(out, stage.$sort as Document);
    else if ('$skip' in stage) out = out.slice(Number(stage.$skip));
    else if ('$limit' in stage) out = out.slice(0, Number(stage.$limit));
  }
  return out.map((d) => d.raw);
}

function runMingo(ctx: CommandContext, docs: StoredDoc[], pipeline: Document[]): Document[] {
  const resolver = (name: string): Document[] => [...(ctx.workspace.read(ctx.db, name)?.all() ?? [])].map((d) => d.view);
  try {
    return new Aggregator(viewOf(pipeline), { ...MINGO_OPTIONS, collectionResolver: resolver }).run(docs.map((d) => d.view)) as Document[];
  } catch (err) {
    throw queryError(err);
  }
}

async function changeStream(ctx: CommandContext, coll: string | undefined, pipeline: Document[], batchSize: number | undefined, maxTimeMS: number | undefined): Promise<Document> {
  const { store, cursors } = ctx.state;
  const host = {
    changeLog: store.changeLog,
    lookup: (db: string, name: string, documentKey: Document) => {
      const found = matchingList(store.catalog.get(db, name), documentKey, 1)[0];
      return found ? found.raw : null;
    },
  };
  const opened = await openChangeStream(host, { db: ctx.db, coll, pipeline, batchSize, maxTimeMS });
  // A first batch that already ends in an invalidate leaves nothing to get: id 0, as MongoDB does.
  if (opened.exhausted === true) opened.cursor.close();
  const id = opened.exhausted === true ? 0 : cursors.register(opened.cursor);
  return cursorDoc(opened.cursor.ns, id, opened.firstBatch, true, { postBatchResumeToken: opened.postBatchResumeToken });
}
