import t from 'tap';
import { ObjectId } from 'mongodb';
import { useMongo } from '#test-support';

t.test('insert assigns ObjectIds, find filters, sorts, skips, limits and projects', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('crud')).collection('items');
  const one = await coll.insertOne({ name: 'a', n: 3, tags: ['x'] });
  t.ok(one.insertedId instanceof ObjectId);
  const many = await coll.insertMany([
    { name: 'b', n: 1, tags: ['x', 'y'] },
    { name: 'c', n: 2, nested: { deep: true } },
    { name: 'd', n: 5 },
  ]);
  t.equal(many.insertedCount, 3);
  const sorted = await coll.find({ n: { $gte: 2 } }).sort({ n: -1 }).toArray();
  t.same(sorted.map((d) => d.name), ['d', 'a', 'c']);
  const page = await coll.find({}).sort({ n: 1 }).skip(1).limit(2).toArray();
  t.same(page.map((d) => d.n), [2, 3]);
  const projected = await coll.findOne({ name: 'c' }, { projection: { _id: 0, name: 1, 'nested.deep': 1 } });
  t.same(projected, { name: 'c', nested: { deep: true } });
  const excluded = await coll.findOne({ name: 'b' }, { projection: { tags: 0 } });
  t.notOk(excluded && 'tags' in excluded);
  t.same((await coll.find({ tags: 'y' }).toArray()).map((d) => d.name), ['b'], 'matches inside arrays');
  t.same((await coll.find({ 'nested.deep': true }).toArray()).map((d) => d.name), ['c'], 'dotted paths');
  t.same((await coll.find({ name: { $in: ['a', 'd'] } }).sort({ name: 1 }).toArray()).map((d) => d.name), ['a', 'd']);
  t.same((await coll.find({ name: /^[bc]$/ }).sort({ name: 1 }).toArray()).map((d) => d.name), ['b', 'c'], 'regex');
  t.equal(await coll.findOne({ _id: one.insertedId }).then((d) => d?.name), 'a', 'find by _id');
});

t.test('updateOne, updateMany, replaceOne, deleteOne and deleteMany report their counts', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('crud')).collection('items');
  await coll.insertMany([{ k: 1, v: 0 }, { k: 1, v: 0 }, { k: 2, v: 0 }]);
  const single = await coll.updateOne({ k: 1 }, { $set: { v: 1 } });
  t.equal(single.matchedCount, 1);
  t.equal(single.modifiedCount, 1);
  const multi = await coll.updateMany({ k: 1 }, { $set: { v: 1 } });
  t.equal(multi.matchedCount, 2);
  t.equal(multi.modifiedCount, 1, 'a document already in that state is matched but not modified');
  const none = await coll.updateOne({ k: 99 }, { $set: { v: 1 } });
  t.equal(none.matchedCount, 0);
  const replaced = await coll.replaceOne({ k: 2 }, { k: 2, replaced: true });
  t.equal(replaced.modifiedCount, 1);
  const doc = await coll.findOne({ k: 2 });
  t.same(Object.keys(doc ?? {}).sort(), ['_id', 'k', 'replaced']);
  t.equal((await coll.deleteOne({ k: 1 })).deletedCount, 1);
  t.equal((await coll.deleteMany({})).deletedCount, 2);
  t.equal(await coll.countDocuments(), 0);
});

t.test('upsert inserts from the filter equalities and the update, once', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('crud')).collection('items');
  const first = await coll.updateOne({ sku: 'A1', 'dims.w': 3 }, { $set: { price: 10 }, $setOnInsert: { createdBy: 'upsert' } }, { upsert: true });
  t.equal(first.upsertedCount, 1);
  t.ok(first.upsertedId);
  const again = await coll.updateOne({ sku: 'A1', 'dims.w': 3 }, { $set: { price: 12 }, $setOnInsert: { createdBy: 'second' } }, { upsert: true });
  t.equal(again.upsertedCount, 0);
  t.equal(again.matchedCount, 1);
  const doc = await coll.findOne({ sku: 'A1' }, { projection: { _id: 0 } });
  t.same(doc, { sku: 'A1', dims: { w: 3 }, price: 12, createdBy: 'upsert' });
  const replacedUpsert = await coll.replaceOne({ _id: 'fixed' as never }, { name: 'r' }, { upsert: true });
  t.equal(replacedUpsert.upsertedId, 'fixed' as never, 'a replacement upsert takes _id from the filter');
  const many = await coll.updateMany({ kind: 'none-yet' }, { $inc: { n: 1 } }, { upsert: true });
  t.equal(many.upsertedCount, 1);
  t.same(await coll.findOne({ kind: 'none-yet' }, { projection: { _id: 0 } }), { kind: 'none-yet', n: 1 });
});

t.test('count, estimatedDocumentCount and distinct', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('crud')).collection('items');
  await coll.insertMany([{ c: 'x', t: ['a', 'b'] }, { c: 'y', t: ['b'] }, { c: 'x' }]);
  t.equal(await coll.countDocuments({ c: 'x' }), 2);
  t.equal(await coll.countDocuments({}, { limit: 2 }), 2);
  t.equal(await coll.countDocuments({}, { skip: 1 }), 2);
  t.equal(await coll.estimatedDocumentCount(), 3);
  t.same((await coll.distinct('c')).sort(), ['x', 'y']);
  t.same((await coll.distinct('t')).sort(), ['a', 'b'], 'array values are unwound');
  t.same(await coll.distinct('c', { t: 'a' }), ['x']);
  t.same(await mongo.client.db(mongo.dbName('crud')).collection('missing').distinct('c'), [], 'a missing collection has no values');
});

t.test('aggregate runs a pipeline with $match, $group, $sort, $project and $lookup', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('crud'));
  await db.collection('orders').insertMany([
    { user: 1, total: 5 },
    { user: 1, total: 7 },
    { user: 2, total: 1 },
  ]);
  await db.collection('users').insertMany([
    { _id: 1 as never, name: 'ann' },
    { _id: 2 as never, name: 'bob' },
  ]);
  const totals = await db
    .collection('orders')
    .aggregate([{ $group: { _id: '$user', sum: { $sum: '$total' } } }, { $sort: { sum: -1 } }, { $lookup: { from: 'users', localField: '_id', foreignField: '_id', as: 'u' } }, { $project: { _id: 0, sum: 1, name: { $first: '$u.name' } } }])
    .toArray();
  t.same(totals, [
    { sum: 12, name: 'ann' },
    { sum: 1, name: 'bob' },
  ]);
  const none = await db.collection('missing').aggregate([{ $match: {} }]).toArray();
  t.same(none, []);
});
