import type { Document } from 'bson';
import { Aggregator, Query } from 'mingo';
import { viewOf } from './bson-values.ts';
import { MongoCommandError } from './command-error.ts';
import { MINGO_OPTIONS } from './query/filter.ts';
import { isPlainDocument, sameValue } from './update-description.ts';

/** The stages after `$changeStream`, applied to one event at a time. */
export interface EventPipeline {
  /** The event as the pipeline leaves it, or undefined when a stage filtered it out. */
  run(event: Document): Document | undefined;
}

const ALLOWED = new Set(['$match', '$project', '$addFields', '$set', '$unset', '$replaceRoot', '$replaceWith', '$redact']);
const NON_RESUMABLE = { errorLabels: ['NonResumableChangeStreamError'] };

const identity: EventPipeline = { run: (event) => event };

/** Validates the stages MongoDB allows after `$changeStream` and compiles them with mingo. */
export function compileEventPipeline(stages: Document[]): EventPipeline {
  for (const stage of stages) assertAllowedStage(stage);
  // Leading $match stages only read the event: they run as plain queries, without copying it.
  const firstReshape = stages.findIndex((stage) => !('$match' in stage));
  const matches = (firstReshape === -1 ? stages : stages.slice(0, firstReshape)).map((stage) => compileQuery(stage.$match));
  const reshape = firstReshape === -1 ? undefined : compileReshape(stages.slice(firstReshape));
  if (matches.length === 0 && reshape === undefined) return identity;
  return {
    run(event) {
      // Queries see numbers where the event has Long or Decimal128, as the server's own filters do.
      const view = matches.length > 0 ? viewOf(event) : event;
      for (const query of matches) if (!query.test(view)) return undefined;
      return reshape ? reshape(event) : event;
    },
  };
}

function compileQuery(criteria: unknown): Query {
  if (typeof criteria !== 'object' || criteria === null || Array.isArray(criteria)) {
    throw new MongoCommandError(15959, 'Location15959', 'the match filter must be an expression in an object');
  }
  try {
    return new Query(viewOf(criteria as Document), MINGO_OPTIONS);
  } catch (err) {
    throw new MongoCommandError(2, 'BadValue', err instanceof Error ? err.message : String(err));
  }
}

function compileReshape(stages: Document[]): (event: Document) => Document | undefined {
  const aggregator = new Aggregator(stages, MINGO_OPTIONS);
  // Running on nothing still parses every $match, so a bad query fails the aggregate, not a later getMore.
  runStages(aggregator, []);
  return (event) => {
    const [out] = runStages(aggregator, [cloneDocument(event)]);
    if (out === undefined) return undefined;
    if (!sameValue(out._id, event._id)) throw idModified();
    return out;
  };
}

/** Events go in as copies: they share embedded documents with the change log, and stages may write into them. */
function runStages(aggregator: Aggregator, events: Document[]): Document[] {
  try {
    return aggregator.run(events) as Document[];
  } catch (err) {
    if (err instanceof MongoCommandError) throw err;
    throw new MongoCommandError(2, 'BadValue', err instanceof Error ? err.message : String(err));
  }
}

function assertAllowedStage(stage: Document): void {
  const names = typeof stage === 'object' && stage !== null ? Object.keys(stage) : [];
  const name = names[0];
  if (names.length !== 1 || name === undefined) {
    throw new MongoCommandError(40323, 'Location40323', 'A pipeline stage specification object must contain exactly one field.');
  }
  if (name === '$changeStream') {
    throw new MongoCommandError(40602, 'Location40602', '$changeStream is only valid as the first stage in a pipeline');
  }
  if (!ALLOWED.has(name)) throw new MongoCommandError(20, 'IllegalOperation', `${name} is not permitted in a $changeStream pipeline`);
}

function idModified(): MongoCommandError {
  return new MongoCommandError(
    280,
    'ChangeStreamFatalError',
    'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point. Only transformations that retain the unmodified _id field are allowed.',
    NON_RESUMABLE,
  );
}

/** Copies plain documents and arrays; BSON values (ObjectId, Long, ...) are shared, they are never mutated. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneDocument(v)) as T;
  if (!isPlainDocument(value)) return value;
  const copy: Document = {};
  for (const [key, v] of Object.entries(value)) copy[key] = cloneDocument(v);
  return copy as T;
}
