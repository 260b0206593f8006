import { Long, type Document } from 'bson';
import { MongoCommandError } from '../command-error.ts';
import { formatValue } from '../bson-values.ts';
import { getPath } from './paths.ts';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** A 32-bit integer as the server holds it: a plain JS integer in int32 range. */
const isInt32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;
const isInteger = (v: unknown): v is number | Long => v instanceof Long || isInt32(v);
const toBig = (v: number | Long): bigint => (v instanceof Long ? v.toBigInt() : BigInt(v));

/**
 * `$inc` and `$mul` on integers, computed exactly the way MongoDB does: Long arithmetic
 * in 64 bits (the number view of a Long loses precision past 2^53), an int32 result that
 * overflows becomes a Long, and a result past int64 is an error. Returns the update with
 * those paths moved into `$set`; everything else is left for the general update engine.
 */
export function withExactIntegerArithmetic(raw: Document, update: Document): Document {
  let out = update;
  for (const op of ['$inc', '$mul'] as const) {
    const operands = update[op] as Document | undefined;
    if (!operands) continue;
    for (const [path, operand] of Object.entries(operands)) {
      if (path.includes('$') || !isInteger(operand)) continue;
      const current = getPath(raw, path);
      if (current !== undefined && !isInteger(current)) continue;
      const exact = current === undefined ? operand instanceof Long : operand instanceof Long || current instanceof Long || overflowsInt32(op, current, operand);
      if (!exact) continue;
      if (out === update) out = { ...update };
      const remaining = { ...(out[op] as Document) };
      delete remaining[path];
      out[op] = remaining;
      out.$set = { ...(out.$set as Document | undefined), [path]: compute(op, current, operand, raw) };
    }
    if (out !== update && Object.keys(out[op] as Document).length === 0) delete out[op];
  }
  return out;
}

function overflowsInt32(op: '$inc' | '$mul', current: number | Long, operand: number | Long): boolean {
  const result = op === '$inc' ? toBig(current) + toBig(operand) : toBig(current) * toBig(operand);
  return result < BigInt(INT32_MIN) || result > BigInt(INT32_MAX);
}

function compute(op: '$inc' | '$mul', current: number | Long | undefined, operand: number | Long, raw: Document): Long {
  const base = current === undefined ? 0n : toBig(current);
  const result = op === '$inc' ? base + toBig(operand) : base * toBig(operand);
  if (result < INT64_MIN || result > INT64_MAX) {
    const verb = op === '$inc' ? 'increment' : 'multiply';
    throw new MongoCommandError(
      2,
      'BadValue',
      `Failed to apply $${op.slice(1)} operations to current value (${formatValue(current)}) for document {_id: ${formatValue(raw._id)}}: cannot ${verb} without overflowing a 64-bit integer`,
    );
  }
  return Long.fromBigInt(result);
}
