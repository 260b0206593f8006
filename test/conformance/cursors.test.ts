import t from 'tap';
import { Long, MongoServerError } from 'mongodb';
import { useMongo } from '#test-support';

t.test('results larger than a batch come back through getMore, in order', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cursor'));
  const coll = db.collection('n');
  await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
  const all = await coll.find({}, { batchSize: 7 }).sort({ i: 1 }).toArray();
  t.same(all.map((d) => d.i), Array.from({ length: 250 }, (_, i) => i));
  const first = await db.command({ find: 'n', filter: {}, batchSize: 10 });
  t.equal(first.cursor.firstBatch.length, 10);
  t.not(first.cursor.id.toString(), '0', 'an open cursor id');
  const more = await db.command({ getMore: first.cursor.id, collection: 'n', batchSize: 300 });
  t.equal(more.cursor.nextBatch.length, 240);
  t.equal(more.cursor.id.toString(), '0', 'exhausted');
  const defaults = await db.command({ find: 'n' });
  t.equal(defaults.cursor.firstBatch.length, 101, 'find returns 101 documents first by default');
  const aggregated = await coll.aggregate([{ $sort: { i: -1 } }], { batchSize: 3 }).toArray();
  t.equal(aggregated.length, 250);
  t.equal(aggregated[0]?.i, 249);
});

t.test('limit, negative limit (single batch) and limit with batchSize', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cursor'));
  await db.collection('n').insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
  t.equal((await db.collection('n').find().limit(12).batchSize(5).toArray()).length, 12);
  const single = await db.command({ find: 'n', limit: -5 });
  t.equal(single.cursor.firstBatch.length, 5);
  t.equal(single.cursor.id.toString(), '0');
  const empty = await db.command({ find: 'n', batchSize: 0 });
  t.equal(empty.cursor.firstBatch.length, 0, 'batchSize 0 opens the cursor without documents');
  const rest = await db.command({ getMore: empty.cursor.id, collection: 'n' });
  t.equal(rest.cursor.nextBatch.length, 30);
});

t.test('killCursors closes a cursor; getMore on it is CursorNotFound (43)', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cursor'));
  await db.collection('n').insertMany(Array.from({ length: 5 }, (_, i) => ({ i })));
  const first = await db.command({ find: 'n', batchSize: 1 });
  const killed = await db.command({ killCursors: 'n', cursors: [first.cursor.id] });
  t.same(killed.cursorsKilled.map(String), [first.cursor.id.toString()]);
  const err = await db.command({ getMore: first.cursor.id, collection: 'n' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(err instanceof MongoServerError && err.code === 43);
  const unknown = await db.command({ killCursors: 'n', cursors: [Long.fromNumber(12345)] });
  t.same(unknown.cursorsNotFound.map(String), ['12345']);
  const cursor = db.collection('n').find({}, { batchSize: 2 });
  await cursor.next();
  await cursor.close();
  t.pass('the driver closes a half-read cursor');
});
