import t from 'tap';
import { Binary, BSONRegExp, Decimal128, deserialize, Double, Int32, Long, MaxKey, MinKey, ObjectId, serialize, Timestamp } from 'bson';
import { compareValues, fromWire, keyOf, retype, viewOf } from '../src/bson-values.ts';

const roundTrip = (doc: Record<string, unknown>) => deserialize(serialize(fromWire(deserialize(serialize(doc), { promoteValues: false })) as Record<string, unknown>), { promoteValues: false });

t.test('fromWire keeps a wrapper exactly where a JS number would change the BSON type', async (t) => {
  const stored = fromWire(deserialize(serialize({ i: new Int32(1), d: new Double(1.5), di: new Double(2), nz: new Double(-0), big: new Double(3e9), l: Long.fromNumber(1) }), { promoteValues: false })) as Record<string, unknown>;
  t.equal(stored.i, 1);
  t.equal(stored.d, 1.5);
  t.ok(stored.di instanceof Double, 'integral double');
  t.ok(stored.nz instanceof Double, '-0');
  t.equal(stored.big, 3e9, 'a double outside int32 serializes as a double anyway');
  t.ok(stored.l instanceof Long);
  const back = roundTrip({ i: new Int32(1), di: new Double(2), big: new Double(3e9) });
  t.ok(back.i instanceof Int32);
  t.ok(back.di instanceof Double);
  t.ok(back.big instanceof Double);
});

t.test('viewOf turns numeric wrappers into numbers and leaves plain documents alone', async (t) => {
  const plain = { a: 1, b: [2, { c: 'x' }] };
  t.equal(viewOf(plain), plain, 'same object when nothing to convert');
  t.same(viewOf({ a: Long.fromNumber(5), b: [Decimal128.fromString('1.5')], c: new Double(2) }), { a: 5, b: [1.5], c: 2 });
});

t.test('retype gives numbers back the wrapper the old document had at the same path', async (t) => {
  const old = { l: Long.fromNumber(1), d: Decimal128.fromString('1.10'), x: new Double(2), n: 3 };
  const next = retype({ l: 2, d: 1.1, x: 2, n: 4, added: 5 }, old) as Record<string, unknown>;
  t.ok(next.l instanceof Long);
  t.equal((next.l as Long).toNumber(), 2);
  t.equal((next.d as Decimal128).toString(), '1.10', 'an unchanged decimal keeps its digits');
  t.ok(next.x instanceof Double);
  t.equal(next.n, 4);
  t.equal(next.added, 5);
});

t.test('compareValues follows the BSON cross-type order and compares numbers by value', async (t) => {
  const ordered = [new MinKey(), null, -1, Long.fromNumber(2), new Double(2.5), Decimal128.fromString('3'), 'a', 'b', { a: 1 }, [1], new Binary(Buffer.from('x')), new ObjectId('000000000000000000000001'), false, true, new Date(0), new Timestamp({ t: 1, i: 1 }), /re/, new MaxKey()];
  for (let i = 0; i + 1 < ordered.length; i++) t.ok(compareValues(ordered[i], ordered[i + 1]) < 0, `${String(ordered[i])} < ${String(ordered[i + 1])}`);
  t.equal(compareValues(Long.fromNumber(2), 2), 0);
  t.equal(compareValues(undefined, null), 0, 'missing sorts like null');
});

t.test('keyOf gives equal keys to values MongoDB treats as equal', async (t) => {
  t.equal(keyOf(1), keyOf(Long.fromNumber(1)));
  t.equal(keyOf(1), keyOf(new Double(1)));
  t.equal(keyOf(0), keyOf(-0));
  t.equal(keyOf(null), keyOf(undefined));
  t.not(keyOf('1'), keyOf(1));
  t.equal(keyOf(new ObjectId('000000000000000000000001')), keyOf(new ObjectId('000000000000000000000001')));
  t.not(keyOf({ a: 1, b: 2 }), keyOf({ b: 2, a: 1 }), 'field order matters in embedded documents');
  t.not(keyOf(new MinKey()), keyOf(new MaxKey()), 'MinKey and MaxKey are two keys');
  t.not(keyOf(/a/i), keyOf(/a/), 'regular expressions differ by their flags');
  t.equal(keyOf(new BSONRegExp('a', 'i')), keyOf(/a/i));
});
