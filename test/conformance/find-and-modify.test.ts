import t from 'tap';
import { useMongo } from '#test-support';

t.test('findOneAndUpdate returns the document before or after, honouring sort and projection', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('fam')).collection('jobs');
  await coll.insertMany([
    { name: 'a', prio: 1, state: 'new' },
    { name: 'b', prio: 5, state: 'new' },
    { name: 'c', prio: 3, state: 'new' },
  ]);
  const before = await coll.findOneAndUpdate({ state: 'new' }, { $set: { state: 'taken' } }, { sort: { prio: -1 }, projection: { _id: 0, name: 1, state: 1 } });
  t.same(before, { name: 'b', state: 'new' }, 'the highest priority, as it was');
  const after = await coll.findOneAndUpdate({ state: 'new' }, { $set: { state: 'taken' } }, { sort: { prio: -1 }, returnDocument: 'after', projection: { _id: 0, name: 1, state: 1 } });
  t.same(after, { name: 'c', state: 'taken' }, 'the next one, as it is now');
  t.equal(await coll.findOneAndUpdate({ state: 'missing' }, { $set: { x: 1 } }), null, 'no match, no document');
  const detailed = await coll.findOneAndUpdate({ name: 'a' }, { $inc: { prio: 1 } }, { includeResultMetadata: true, returnDocument: 'after' });
  t.equal(detailed.ok, 1);
  t.equal(detailed.lastErrorObject?.updatedExisting, true);
  t.equal(detailed.value?.prio, 2);
});

t.test('findOneAndUpdate with upsert creates the document', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('fam')).collection('counters');
  const created = await coll.findOneAndUpdate({ _id: 'orders' as never }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
  t.same(created, { _id: 'orders', seq: 1 });
  const next = await coll.findOneAndUpdate({ _id: 'orders' as never }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
  t.same(next, { _id: 'orders', seq: 2 });
  const quiet = await coll.findOneAndUpdate({ _id: 'other' as never }, { $set: { v: 1 } }, { upsert: true, includeResultMetadata: true });
  t.equal(quiet.value, null, 'returnDocument before: nothing existed');
  t.equal(quiet.lastErrorObject?.updatedExisting, false);
  t.equal(quiet.lastErrorObject?.upserted, 'other');
});

t.test('findOneAndReplace and findOneAndDelete', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('fam')).collection('docs');
  await coll.insertMany([
    { k: 1, v: 'one' },
    { k: 2, v: 'two' },
  ]);
  const replaced = await coll.findOneAndReplace({ k: 1 }, { k: 1, v: 'uno' }, { returnDocument: 'after', projection: { _id: 0 } });
  t.same(replaced, { k: 1, v: 'uno' });
  const deleted = await coll.findOneAndDelete({}, { sort: { k: -1 }, projection: { _id: 0, v: 1 } });
  t.same(deleted, { v: 'two' });
  t.equal(await coll.countDocuments(), 1);
  t.equal(await coll.findOneAndDelete({ k: 99 }), null);
});
