import t from 'tap';
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, UUID, type Document } from 'mongodb';
import { useMongo } from '#test-support';

const sample = (): Document => ({
  _id: new ObjectId(),
  int32: new Int32(42),
  double: new Double(1.5),
  integralDouble: new Double(2),
  negativeZero: new Double(-0),
  long: Long.fromString('9007199254740993'),
  smallLong: Long.fromNumber(7),
  decimal: Decimal128.fromString('1234.5600'),
  date: new Date('2026-01-02T03:04:05.678Z'),
  binary: new Binary(Buffer.from([0, 1, 2, 255]), 0),
  uuid: new UUID('0e6d3ce4-9d3b-4c5e-8a3c-6d6f0a1b2c3d'),
  timestamp: new Timestamp({ t: 1_700_000_000, i: 7 }),
  string: 'héllo',
  bool: false,
  nil: null,
  nested: { arr: [new Int32(1), new Double(2), Long.fromNumber(3)], deep: { d: Decimal128.fromString('0.1') } },
});

const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

t.test('every BSON type comes back with the same type and value', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('bson')).collection('values');
  const doc = sample();
  await coll.insertOne(doc);
  const back = await coll.findOne({ _id: doc._id }, raw);
  t.ok(back);
  for (const key of Object.keys(doc)) {
    const a = doc[key] as unknown;
    const b = back?.[key] as unknown;
    t.equal(b?.constructor?.name ?? String(b), a?.constructor?.name ?? String(a), `${key} keeps its type`);
  }
  t.equal((back?.long as Long).toString(), '9007199254740993', 'a long beyond 2^53 is exact');
  t.equal((back?.decimal as Decimal128).toString(), '1234.5600', 'decimal keeps its digits');
  t.ok(Object.is((back?.negativeZero as Double).valueOf(), -0), '-0 stays -0');
  t.equal((back?.timestamp as Timestamp).toString(), doc.timestamp.toString());
  t.same(Buffer.from((back?.binary as Binary).buffer), Buffer.from([0, 1, 2, 255]));
  t.same((back?.nested as Document).arr.map((v: { constructor: { name: string } }) => v.constructor.name), ['Int32', 'Double', 'Long']);
});

t.test('updates keep the types of the fields they do not touch, and $inc keeps a Long a Long', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('bson')).collection('values');
  const doc = sample();
  await coll.insertOne(doc);
  await coll.updateOne({ _id: doc._id }, { $inc: { smallLong: 1 }, $set: { string: 'changed' } });
  const back = await coll.findOne({ _id: doc._id }, raw);
  t.ok(back?.smallLong instanceof Long, 'still a Long');
  t.equal((back?.smallLong as Long).toNumber(), 8);
  t.equal((back?.decimal as Decimal128).toString(), '1234.5600');
  t.ok(back?.integralDouble instanceof Double, 'an integral double stays a double');
  t.ok(back?.int32 instanceof Int32);
  t.ok(back?.timestamp instanceof Timestamp, 'a Timestamp stays a Timestamp');
  await coll.updateOne({ _id: doc._id }, { $set: { 'nested.deep.e': 1 } });
  const again = await coll.findOne({ _id: doc._id }, raw);
  t.equal((again?.nested as Document).deep.d.toString(), '0.1', 'a sibling of the changed field keeps its type');
});

t.test('queries and sorts compare numbers across int, long, double and decimal', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('bson')).collection('numbers');
  await coll.insertMany([
    { _id: 'long' as never, v: Long.fromNumber(10) },
    { _id: 'int' as never, v: new Int32(3) },
    { _id: 'double' as never, v: new Double(7.5) },
    { _id: 'decimal' as never, v: Decimal128.fromString('5') },
  ]);
  const ordered = await coll.find({}).sort({ v: 1 }).toArray();
  t.same(ordered.map((d) => d._id), ['int', 'decimal', 'double', 'long']);
  const big = await coll.find({ v: { $gt: 6 } }).sort({ v: -1 }).toArray();
  t.same(big.map((d) => d._id), ['long', 'double']);
  t.equal((await coll.findOne({ v: 10 }))?._id, 'long' as never, 'an int query value matches a Long');
  const ids = await coll.find({ _id: { $in: ['int', 'long'] as never[] } }).sort({ _id: 1 }).toArray();
  t.same(ids.map((d) => d._id), ['int', 'long']);
});

t.test('ObjectId, Date and Binary work in queries and sorts', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('bson')).collection('mixed');
  const ids = [new ObjectId('000000000000000000000001'), new ObjectId('000000000000000000000002')];
  await coll.insertMany([
    { _id: ids[1], at: new Date(2000), bin: new Binary(Buffer.from('b')) },
    { _id: ids[0], at: new Date(1000), bin: new Binary(Buffer.from('a')) },
  ]);
  t.same((await coll.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id.toHexString()), ids.map((i) => i.toHexString()));
  t.equal((await coll.findOne({ at: { $gt: new Date(1500) } }))?._id.toHexString(), ids[1]?.toHexString());
  t.equal((await coll.findOne({ bin: new Binary(Buffer.from('a')) }))?._id.toHexString(), ids[0]?.toHexString());
  t.equal((await coll.findOne({ _id: new ObjectId(ids[0]?.toHexString()) }))?.at.getTime(), 1000);
});
