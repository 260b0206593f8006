import { ObjectId, type Document } from 'bson';
import { Aggregator, update as mingoUpdate } from 'mingo';
import { MongoCommandError } from '../command-error.ts';
import { deepClone, formatValue, hasWrappers, isPlain, keyOf, retype, viewOf } from '../bson-values.ts';
import { MINGO_OPTIONS } from './filter.ts';
import { withExactIntegerArithmetic } from './integer-arithmetic.ts';
import { getPath, setPath } from './paths.ts';

const OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$setOnInsert', '$push', '$addToSet', '$pop', '$pull', '$pullAll', '$bit']);
/** Operators whose operands are computed with (so they see numbers), rather than stored as given. */
const COMPUTING = new Set(['$inc', '$mul', '$min', '$max', '$bit', '$pull', '$pullAll']);
const NUMERIC = new Set(['$inc', '$mul']);

export type UpdateSpec = Document | Document[];

export function isOperatorUpdate(update: UpdateSpec): update is Document {
  return !Array.isArray(update) && Object.keys(update).some((k) => k.startsWith('$'));
}

export function validateUpdate(update: unknown): UpdateSpec {
  if (Array.isArray(update)) return update as Document[];
  if (!isPlain(update)) throw new MongoCommandError(9, 'FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  const dollar = keys.filter((k) => k.startsWith('$'));
  if (dollar.length === 0) return update;
  for (const op of keys) {
    if (!OPERATORS.has(op)) {
      throw new MongoCommandError(9, 'FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlain(update[op])) throw new MongoCommandError(9, 'FailedToParse', `Modifiers operate on fields but we found type ${typeof update[op]} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(update[op])}}`);
  }
  return update;
}

export interface ApplyOptions {
  arrayFilters?: Document[];
  /** The query, for the positional `$` operator. */
  filter?: Document;
  /** True when the update creates the document (upsert): `$setOnInsert` applies. */
  inserting?: boolean;
}

/** Applies an update (operators, replacement or pipeline) to `raw` and returns the new raw document. */
export function applyUpdate(raw: Document, update: UpdateSpec, options: ApplyOptions = {}): Document {
  if (Array.isArray(update)) return applyPipeline(raw, update);
  if (!isOperatorUpdate(update)) return applyReplacement(raw, update);
  const modifier = prepareModifier(withExactIntegerArithmetic(raw, update), options.inserting === true);
  const work = deepClone(viewOf(raw));
  checkPaths(work, modifier);
  if (!options.arrayFilters && applySimpleUpdate(work, modifier)) return finishUpdate(raw, work);
  try {
    mingoUpdate(work, modifier, options.arrayFilters ? viewOf(options.arrayFilters) : undefined, options.filter ? viewOf(options.filter) : undefined, {
      cloneMode: 'none',
      queryOptions: MINGO_OPTIONS,
    });
  } catch (err) {
    throw updateError(err);
  }
  return finishUpdate(raw, work);
}

function finishUpdate(raw: Document, work: Document): Document {
  const next = hasWrappers(raw) ? (retype(work, raw) as Document) : work;
  checkIdUnchanged(raw, next, true);
  return next;
}

/** A top-level field name that needs no path walking: no dots, no positional or special names. */
const isSimpleField = (path: string): boolean => path !== '' && path !== '__proto__' && !path.includes('.') && !path.includes('$');

/**
 * `$set` and `$inc` on top-level fields, applied directly as mingo would apply them
 * (mingo rebuilds its operator tables on every call, the main cost of a small update).
 * Returns false, leaving `work` untouched, when the update needs the general engine.
 */
function applySimpleUpdate(work: Document, modifier: Document): boolean {
  const set = modifier.$set as Document | undefined;
  const inc = modifier.$inc as Document | undefined;
  for (const op in modifier) if (op !== '$set' && op !== '$inc') return false;
  for (const path in set) if (!isSimpleField(path) || (inc && path in inc)) return false;
  for (const path in inc) {
    const current: unknown = work[path];
    if (!isSimpleField(path) || typeof inc[path] !== 'number' || (current !== undefined && typeof current !== 'number')) return false;
  }
  for (const path in set) work[path] = deepClone(set[path]);
  for (const path in inc) work[path] = ((work[path] as number | undefined) || 0) + (inc[path] as number);
  return true;
}

function prepareModifier(update: Document, inserting: boolean): Document {
  const modifier: Document = {};
  for (const [op, operand] of Object.entries(update)) {
    if (op === '$setOnInsert') {
      if (inserting) modifier.$set = { ...(modifier.$set as Document | undefined), ...(operand as Document) };
      continue;
    }
    const value = COMPUTING.has(op) ? viewOf(operand) : operand;
    modifier[op] = op === '$set' && modifier.$set ? { ...(modifier.$set as Document), ...(value as Document) } : value;
  }
  return modifier;
}

/** MongoDB refuses what mingo silently skips: $inc on a string, a field under a scalar. */
function checkPaths(doc: Document, modifier: Document): void {
  for (const [op, operand] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(operand as Document)) {
      if (path.includes('$')) continue;
      checkViable(doc, path);
      const current = getPath(doc, path);
      if (NUMERIC.has(op) && typeof value !== 'number') {
        throw new MongoCommandError(14, 'TypeMismatch', `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(value)}}`);
      }
      if (NUMERIC.has(op) && current !== undefined && current !== null && typeof current !== 'number') {
        throw new MongoCommandError(14, 'TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${path}' of non-numeric type ${typeName(current)}`);
      }
    }
  }
}

function checkViable(doc: Document, path: string): void {
  const parts = path.split('.');
  let node: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next: unknown = Array.isArray(node) ? (/^\d+$/.test(part) ? node[Number(part)] : null) : (node as Document)[part];
    if (next === undefined) return;
    if (next === null || typeof next !== 'object' || (!Array.isArray(next) && !isPlain(next))) {
      throw new MongoCommandError(28, 'PathNotViable', `Cannot create field '${parts[i + 1] as string}' in element {${part}: ${formatValue(next)}}`);
    }
    node = next;
  }
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof ObjectId) return 'objectId';
  return typeof value === 'object' ? 'object' : typeof value;
}

function applyReplacement(raw: Document, replacement: Document): Document {
  const next: Document = { _id: raw._id };
  for (const [k, v] of Object.entries(replacement)) next[k] = v;
  if (next._id === undefined) delete next._id;
  checkIdUnchanged(raw, next, false);
  return next;
}

function applyPipeline(raw: Document, pipeline: Document[]): Document {
  const allowed = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);
  for (const stage of pipeline) {
    const name = Object.keys(stage)[0] ?? '';
    if (!allowed.has(name)) throw new MongoCommandError(72, 'InvalidOptions', `${name} is not allowed to be used within an update`);
  }
  let out: Document[];
  try {
    out = new Aggregator(viewOf(pipeline), MINGO_OPTIONS).run([deepClone(viewOf(raw))]) as Document[];
  } catch (err) {
    throw updateError(err);
  }
  const next = hasWrappers(raw) ? (retype(out[0] ?? {}, raw) as Document) : (out[0] ?? {});
  checkIdUnchanged(raw, next, false);
  return next;
}

function checkIdUnchanged(before: Document, after: Document, byOperator: boolean): void {
  if (before._id === undefined) return;
  if (after._id !== undefined && keyOf(viewOf(after._id)) === keyOf(viewOf(before._id))) return;
  const message = byOperator
    ? "Performing an update on the path '_id' would modify the immutable field '_id'"
    : `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(after._id)}`;
  throw new MongoCommandError(66, 'ImmutableField', message);
}

function updateError(err: unknown): MongoCommandError {
  const message = err instanceof Error ? err.message : String(err);
  if (/immutable field/.test(message)) return new MongoCommandError(66, 'ImmutableField', message.replace(/\.$/, ''));
  if (/conflict/i.test(message)) return new MongoCommandError(40, 'ConflictingUpdateOperators', message.replace(/^updating/, 'Updating'));
  return new MongoCommandError(2, 'BadValue', message);
}

/** The document an upsert starts from: the filter's equality conditions. */
export function upsertSeed(filter: Document | undefined): Document {
  const seed: Document = {};
  collectEqualities(filter ?? {}, seed);
  return seed;
}

function collectEqualities(filter: Document, seed: Document): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value as Document[]) collectEqualities(part, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isPlain(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      if ('$eq' in value) setPath(seed, key, value.$eq);
      continue;
    }
    setPath(seed, key, value);
  }
}

/** Puts `_id` first (generating one when missing), as MongoDB stores it. */
export function withId(doc: Document, fallbackId?: unknown): Document {
  const id = doc._id ?? fallbackId ?? new ObjectId();
  const out: Document = { _id: id };
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') out[k] = v;
  return out;
}
