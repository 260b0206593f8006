import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, BSONRegExp, type Document } from 'bson';

/**
 * Values are stored as the wire gave them, with one saving: Int32 and Doubles that a
 * plain JS number round-trips exactly (the serializer writes integers in int32 range
 * as int32 and everything else as double) become numbers. Long, Decimal128, -0 and
 * integral Doubles keep their wrapper, so they go back out with the same BSON type.
 */
export function fromWire(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Int32) return value.value;
  if (value instanceof Double) return doubleToStored(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromWire(value[i]);
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const doc = value as Record<string, unknown>;
    for (const key in doc) doc[key] = fromWire(doc[key]);
  }
  return value;
}

function doubleToStored(value: Double): number | Double {
  const n = value.value;
  const losesType = Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
  return losesType ? value : n;
}

const NUMERIC_TYPES = new Set(['Long', 'Double', 'Decimal128', 'Int32']);

/** Numeric wrappers only: Timestamp is a subclass of Long in bson but not a number. */
function isWrapper(value: unknown): value is Long | Double | Decimal128 | Int32 {
  return typeof value === 'object' && value !== null && NUMERIC_TYPES.has((value as { _bsontype?: string })._bsontype ?? '');
}

export function numberOf(value: Long | Double | Decimal128 | Int32): number {
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number.parseFloat(value.toString());
  return value.value;
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** True when `value` holds a numeric wrapper anywhere, i.e. when its view differs from it. */
export function hasWrappers(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (isWrapper(value)) return true;
  if (Array.isArray(value)) return value.some(hasWrappers);
  if (isPlain(value)) {
    for (const key in value) if (hasWrappers(value[key])) return true;
  }
  return false;
}

/**
 * The value as the query engine sees it: every numeric wrapper as a JS number, so
 * `$gt`, `$inc` and sorting compare Long, Decimal128 and Double like numbers. Returns
 * the same object when nothing needs converting.
 */
export function viewOf<T>(value: T): T {
  return hasWrappers(value) ? (toView(value) as T) : value;
}

function toView(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isWrapper(value)) return numberOf(value);
  if (Array.isArray(value)) return value.map(toView);
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = toView(value[key]);
  return out;
}

/**
 * Puts numeric wrappers back after an update computed on the view: a number where the
 * old document had a Long, Decimal128 or Double at the same path gets that type back.
 */
export function retype(next: unknown, old: unknown): unknown {
  if (typeof next === 'number') {
    if (!isWrapper(old)) return next;
    const unchanged = numberOf(old) === next || (Number.isNaN(next) && Number.isNaN(numberOf(old)));
    return unchanged ? old : rewrap(next, old);
  }
  if (Array.isArray(next)) return next.map((v, i) => retype(v, Array.isArray(old) ? old[i] : undefined));
  if (!isPlain(next)) return next;
  const oldDoc = isPlain(old) ? old : undefined;
  const out: Record<string, unknown> = {};
  for (const key in next) out[key] = retype(next[key], oldDoc?.[key]);
  return out;
}

function rewrap(n: number, old: Long | Double | Decimal128 | Int32): unknown {
  if (old instanceof Long) return Number.isInteger(n) ? Long.fromNumber(n) : n;
  if (old instanceof Decimal128) return Decimal128.fromString(String(n));
  if (old instanceof Double) return doubleToStored(new Double(n));
  return n;
}

/** BSON's cross-type sort order (MinKey < null < numbers < strings < ... < MaxKey). */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (value instanceof MinKey) return 1;
  if (value instanceof MaxKey) return 13;
  if (value instanceof Timestamp) return 11;
  if (isWrapper(value)) return 3;
  if (Array.isArray(value)) return 6;
  if (value instanceof Binary) return 7;
  if (value instanceof ObjectId) return 8;
  if (value instanceof Date) return 10;
  if (value instanceof Timestamp) return 11;
  if (value instanceof RegExp || value instanceof BSONRegExp) return 12;
  return 5;
}

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Compares two BSON values the way MongoDB sorts them. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 3:
      return cmp(toNumber(a), toNumber(b));
    case 4:
      return cmp(a as string, b as string);
    case 5:
      return compareObjects(a as Document, b as Document);
    case 6:
      return compareArrays(a as unknown[], b as unknown[]);
    case 7:
      return compareBinary(a as Binary, b as Binary);
    case 8:
      return cmp((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 9:
      return cmp(Number(a), Number(b));
    case 10:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return cmp(String(a), String(b));
    default:
      return 0;
  }
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return numberOf(value as Long);
}

function compareObjects(a: Document, b: Document): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const byType = typeRank(a[ka[i] as string]) - typeRank(b[kb[i] as string]);
    if (byType !== 0) return byType;
    const byName = cmp(ka[i] as string, kb[i] as string);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[ka[i] as string], b[kb[i] as string]);
    if (byValue !== 0) return byValue;
  }
  return ka.length - kb.length;
}

function compareArrays(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareBinary(a: Binary, b: Binary): number {
  if (a.position !== b.position) return a.position - b.position;
  if (a.sub_type !== b.sub_type) return a.sub_type - b.sub_type;
  return Buffer.compare(a.buffer, b.buffer);
}

/**
 * A canonical string for equality of index keys: values MongoDB treats as equal
 * (1, 1.0, Long(1); null and missing) get the same key.
 */
export function keyOf(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'string':
      return `s${value}`;
    case 'number':
      return `n${value === 0 ? 0 : value}`;
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return `n${Number(value)}`;
  }
  if (value instanceof ObjectId) return `o${value.toHexString()}`;
  if (value instanceof Timestamp) return `t${value.toString()}`;
  if (value instanceof MinKey) return 'min';
  if (value instanceof MaxKey) return 'max';
  if (value instanceof RegExp) return `r${value.source}/${[...value.flags].sort().join('')}`;
  if (value instanceof BSONRegExp) return `r${value.pattern}/${[...value.options].sort().join('')}`;
  if (isWrapper(value)) return `n${numberOf(value) || 0}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map(keyOf).join(',')}]`;
  if (value instanceof Binary) return `x${value.sub_type}:${Buffer.from(value.buffer.subarray(0, value.position)).toString('base64')}`;
  if (isPlain(value)) return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${keyOf(value[k])}`).join(',')}}`;
  return `?${String(value)}`;
}

/** Formats a value the way MongoDB prints it in error messages (`dup key: { email: "a@b" }`). */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlain(value)) {
    const entries = Object.keys(value).map((k) => `${k}: ${formatValue(value[k])}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** Every value at a dotted path, descending into arrays like MongoDB's multikey indexes do. */
export function valuesAt(doc: unknown, path: string[], from = 0): unknown[] {
  if (from === path.length) return [doc];
  if (Array.isArray(doc)) {
    const key = path[from] as string;
    if (/^\d+$/.test(key)) return valuesAt(doc[Number(key)], path, from + 1);
    return doc.flatMap((item) => (isPlain(item) ? valuesAt(item, path, from) : []));
  }
  if (!isPlain(doc)) return [];
  const next = doc[path[from] as string];
  return next === undefined ? [] : valuesAt(next, path, from + 1);
}

export function deepClone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(deepClone) as T;
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = deepClone(value[key]);
  return out as T;
}

export { isPlain };
