import t from 'tap';
import { Timestamp } from 'mongodb';
import { useMongo } from '#test-support';
import { WATCH_OPTIONS, opened, take, types } from './change-stream-helpers.ts';

t.test('collection.watch reports inserts, updates, replaces and deletes', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-events'));
  const coll = db.collection('products');
  await db.createCollection('products');
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.insertOne({ _id: 1 as never, name: 'lamp', size: { h: 10, w: 5 }, tags: ['a'] });
  await coll.updateOne({ _id: 1 as never }, { $set: { 'size.h': 12 }, $unset: { tags: '' } });
  await coll.replaceOne({ _id: 1 as never }, { name: 'desk lamp' });
  await coll.deleteOne({ _id: 1 as never });
  const [ins, upd, rep, del] = await take(stream, 4);
  t.same(types([ins!, upd!, rep!, del!]), ['insert', 'update', 'replace', 'delete']);
  t.match(ins, { operationType: 'insert', ns: { db: db.databaseName, coll: 'products' }, documentKey: { _id: 1 }, fullDocument: { _id: 1, name: 'lamp' } });
  t.type(ins?._id, 'object');
  t.type((ins?._id as { _data: unknown })._data, 'string', 'the resume token has a string _data');
  t.ok(ins?.clusterTime instanceof Timestamp, 'clusterTime is a Timestamp');
  t.ok((ins as { wallTime?: unknown }).wallTime instanceof Date, 'wallTime is a Date');
  t.match(upd, { updateDescription: { updatedFields: { 'size.h': 12 }, removedFields: ['tags'] } });
  t.match(rep, { fullDocument: { _id: 1, name: 'desk lamp' } });
  t.match(del, { documentKey: { _id: 1 } });
  t.notOk('fullDocument' in del!, 'a delete carries no fullDocument');
});

t.test('dropping the watched collection reports drop, then invalidate', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-drop'));
  const coll = db.collection('gone');
  await coll.insertOne({ n: 1 });
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.drop();
  const events = await take(stream, 2);
  t.same(types(events), ['drop', 'invalidate']);
  t.match(events[0], { ns: { db: db.databaseName, coll: 'gone' } });
});

t.test('renaming the watched collection reports rename with its target, then invalidate', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-rename'));
  const coll = db.collection('before');
  await coll.insertOne({ n: 1 });
  const stream = await opened(coll.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await coll.rename('after');
  const events = await take(stream, 2);
  t.same(types(events), ['rename', 'invalidate']);
  t.match(events[0], { ns: { db: db.databaseName, coll: 'before' }, to: { db: db.databaseName, coll: 'after' } });
});

t.test('db.watch sees every collection of the database and ends with dropDatabase', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cs-db'));
  await db.createCollection('a');
  const stream = await opened(db.watch([], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await db.collection('a').insertOne({ n: 1 });
  await db.collection('b').insertOne({ n: 2 });
  const inserts = await take(stream, 2);
  t.same(
    inserts.map((e) => ('ns' in e ? e.ns : undefined)),
    [
      { db: db.databaseName, coll: 'a' },
      { db: db.databaseName, coll: 'b' },
    ],
  );
  await db.dropDatabase();
  const events = await take(stream, 4);
  t.same(types(events), ['drop', 'drop', 'dropDatabase', 'invalidate'], 'each collection is dropped, then the database');
  t.match(events[2], { ns: { db: db.databaseName } });
});

t.test('client.watch sees changes in every database', async (t) => {
  const mongo = await useMongo(t);
  const first = mongo.client.db(mongo.dbName('cs-all-a'));
  const second = mongo.client.db(mongo.dbName('cs-all-b'));
  const stream = await opened(mongo.client.watch([{ $match: { 'ns.db': { $in: [first.databaseName, second.databaseName] } } }], WATCH_OPTIONS));
  t.teardown(() => stream.close());
  await first.collection('x').insertOne({ n: 1 });
  await second.collection('y').insertOne({ n: 2 });
  const events = await take(stream, 2);
  t.same(
    events.map((e) => ('ns' in e ? e.ns.db : undefined)),
    [first.databaseName, second.databaseName],
  );
});
