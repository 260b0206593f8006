import t from 'tap';
import { Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { useMongo } from '#test-support';

t.test('a filter on _id alone finds the document MongoDB equality finds', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('ids')).collection<Document>('docs');
  const oid = new ObjectId();
  const at = new Date(1_700_000_000_000);
  await coll.insertMany([{ _id: Long.fromNumber(7), k: 'long' }, { _id: 'seven', k: 'string' }, { _id: oid, k: 'oid' }, { _id: at, k: 'date' }] as Document[]);
  t.equal((await coll.findOne({ _id: 7 as never }))?.k, 'long', 'a number matches an equal Long');
  t.equal((await coll.findOne({ _id: 7.0 as never }))?.k, 'long', 'a double matches an equal Long');
  t.equal(await coll.findOne({ _id: '7' as never }), null, 'a string does not match a number');
  t.equal((await coll.findOne({ _id: 'seven' as never }))?.k, 'string');
  t.equal((await coll.findOne({ _id: new ObjectId(oid.toHexString()) }))?.k, 'oid');
  t.equal((await coll.findOne({ _id: new Date(at.getTime()) as never }))?.k, 'date');
  t.equal(await coll.findOne({ _id: new ObjectId() }), null, 'an unknown id finds nothing');
  const result = await coll.updateOne({ _id: 'missing' as never }, { $set: { k: 'made' } }, { upsert: true });
  t.equal(result.upsertedId, 'missing', 'an upsert on a missing _id creates it');
});

t.test('top-level $set and $inc keep MongoDB types and change counts', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('ops')).collection<Document>('docs');
  await coll.insertOne({ _id: 1 as never, i: new Int32(5), l: Long.fromNumber(5), d: new Double(2), sub: { a: 1 } });
  const first = await coll.updateOne({ _id: 1 as never }, { $inc: { i: 1, l: 1, d: 1, fresh: 3 }, $set: { sub: { b: 2 }, s: 'x' } });
  t.equal(first.modifiedCount, 1);
  const doc = await coll.findOne({ _id: 1 as never }, { promoteValues: false });
  t.same(doc?.i, new Int32(6), 'int32 + int32 stays int32');
  t.same(doc?.l, Long.fromNumber(6), 'a Long stays a Long');
  t.same(doc?.d, new Double(3), 'a double stays a double');
  t.same(doc?.fresh, new Int32(3), '$inc on a missing field sets it');
  t.same(doc?.sub, { b: new Int32(2) }, '$set replaces a subdocument');
  t.equal(doc?.s, 'x');
  const again = await coll.updateOne({ _id: 1 as never }, { $set: { s: 'x' }, $inc: { i: 0 } });
  t.equal(again.modifiedCount, 0, 'an update that changes nothing is not counted');
  const conflict = await coll.updateOne({ _id: 1 as never }, { $set: { i: 1 }, $inc: { i: 1 } }).then(() => undefined, (err: { code?: number }) => err.code);
  t.equal(conflict, 40, 'the same field under $set and $inc conflicts');
  const id = await coll.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }).then(() => undefined, (err: { code?: number }) => err.code);
  t.equal(id, 66, 'changing _id is ImmutableField');
});
