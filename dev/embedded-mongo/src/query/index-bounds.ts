import type { Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { compareValues, isPlain, valuesAt, viewOf } from '../bson-values.ts';
import type { StoredDoc } from '../storage/stored-doc.ts';

export interface IndexBounds {
  /** The hinted key pattern's one field: results come in its order. */
  field: string;
  matches(doc: StoredDoc): boolean;
}

/**
 * find's `min` (inclusive) and `max` (exclusive) bounds on the hinted index. Unlike `$gt`,
 * they bound the index itself, so they cross BSON types in MongoDB's order: the way to page
 * through a collection whose `_id`s mix types. Only single-field ascending hints are kept
 * here; anything else is refused rather than answered wrongly.
 */
export function indexBounds(cmd: Document): IndexBounds | undefined {
  const min = cmd.min as unknown;
  const max = cmd.max as unknown;
  if (min === undefined && max === undefined) return undefined;
  const hint = cmd.hint as unknown;
  if (!isPlain(hint)) throw new MongoCommandError(51173, 'Location51173', 'When using min()/max() a hint of which index to use must be specified');
  const keys = Object.entries(hint);
  const [field, direction] = keys[0] ?? [];
  if (keys.length !== 1 || field === undefined || Number(direction) !== 1) {
    throw new MongoCommandError(2, 'BadValue', 'the embedded server supports min()/max() only with a hint of one ascending field, e.g. { _id: 1 }');
  }
  const bound = (value: unknown, name: string): unknown => {
    if (value === undefined) return undefined;
    if (!isPlain(value) || Object.keys(value).length !== 1 || !(field in value)) {
      throw new MongoCommandError(51174, 'Location51174', `The index chosen is not consistent with ${name}(): expected { ${field}: <value> }`);
    }
    return viewOf(value[field]);
  };
  const lower = bound(min, 'min');
  const upper = bound(max, 'max');
  const path = field.split('.');
  return {
    field,
    matches(doc) {
      const value = valuesAt(doc.view, path)[0] ?? null;
      return (lower === undefined || compareValues(value, lower) >= 0) && (upper === undefined || compareValues(value, upper) < 0);
    },
  };
}
