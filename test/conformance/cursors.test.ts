import t from 'tap';
import { Long, MongoClient, MongoServerError, type Document } from 'mongodb';
import { useMongo } from '#test-support';

/**
 * A cursor id as the int64 the server wants back: the driver hands one below 2^53 over as a
 * plain number (on a real server, random 63-bit ids are that small about once in a thousand),
 * which would go back as a double.
 */
const cursorId = (reply: Document): Long => Long.fromValue((reply.cursor as { id: Long | number }).id);

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
  const more = await db.command({ getMore: cursorId(first), collection: 'n', batchSize: 300 });
  t.equal(more.cursor.nextBatch.length, 240);
  t.equal(more.cursor.id.toString(), '0', 'exhausted');
  const defaults = await db.command({ find: 'n' });
  t.equal(defaults.cursor.firstBatch.length, 101, 'find returns 101 documents first by default');
  const aggregated = await coll.aggregate([{ $sort: { i: -1 } }], { batchSize: 3 }).toArray();
  t.equal(aggregated.length, 250);
  t.equal(aggregated[0]?.i, 249);
});

t.test('limit, singleBatch, limit with batchSize; a negative limit is refused', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cursor'));
  await db.collection('n').insertMany(Array.from({ length: 30 }, (_, i) => ({ i })));
  t.equal((await db.collection('n').find().limit(12).batchSize(5).toArray()).length, 12);
  const single = await db.command({ find: 'n', limit: 5, singleBatch: true });
  t.equal(single.cursor.firstBatch.length, 5);
  t.equal(single.cursor.id.toString(), '0');
  const negative = await db.command({ find: 'n', limit: -5 }).then(() => undefined, (e: unknown) => e);
  t.ok(negative instanceof MongoServerError && negative.code === 51024, 'a negative limit in the find command is refused (51024)');
  t.same(await db.collection('n').find().limit(-5).toArray().then((d) => d.length), 5, "the driver's negative limit still means one batch");
  const empty = await db.command({ find: 'n', batchSize: 0 });
  t.equal(empty.cursor.firstBatch.length, 0, 'batchSize 0 opens the cursor without documents');
  const rest = await db.command({ getMore: cursorId(empty), collection: 'n' });
  t.equal(rest.cursor.nextBatch.length, 30);
});

t.test('killCursors closes a cursor; getMore on it is CursorNotFound (43)', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('cursor'));
  await db.collection('n').insertMany(Array.from({ length: 5 }, (_, i) => ({ i })));
  const first = await db.command({ find: 'n', batchSize: 1 });
  const killed = await db.command({ killCursors: 'n', cursors: [cursorId(first)] });
  t.same(killed.cursorsKilled.map(String), [first.cursor.id.toString()]);
  const err = await db.command({ getMore: cursorId(first), collection: 'n' }).then(
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

t.test('documents that together pass 16 MiB come back over several batches', async (t) => {
  const mongo = await useMongo(t);
  // A reply that is never sent fails the test at the socket timeout instead of hanging it.
  const client = new MongoClient(mongo.url, { socketTimeoutMS: 30_000 });
  t.teardown(() => client.close());
  const coll = client.db(mongo.dbName('cursor')).collection<{ _id: number; payload: string }>('big');
  const tenMegabytes = 'x'.repeat(10 * 1024 * 1024);
  await coll.insertOne({ _id: 1, payload: tenMegabytes });
  await coll.insertOne({ _id: 2, payload: tenMegabytes });
  const found = await coll.find({}).sort({ _id: 1 }).toArray();
  t.same(found.map((d) => [d._id, d.payload.length]), [[1, tenMegabytes.length], [2, tenMegabytes.length]], 'find returns both');
  const aggregated = await coll.aggregate([{ $match: {} }, { $sort: { _id: 1 } }]).toArray();
  t.same(aggregated.map((d) => d._id), [1, 2], 'aggregate returns both');
});
