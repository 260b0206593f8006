import t from 'tap';
import { MongoServerError, type Document } from 'mongodb';
import { useMongo } from '#test-support';

async function failure(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof MongoServerError)) throw new Error(`expected a server error, got ${String(err)}`);
  return err;
}

t.test('a unique index refuses duplicates with 11000, the index name and the key', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('idx'));
  const users = db.collection('users');
  t.equal(await users.createIndex({ email: 1 }, { unique: true }), 'email_1');
  await users.insertOne({ email: 'a@example.com' });
  const err = await failure(users.insertOne({ email: 'a@example.com' }));
  t.equal(err.code, 11000);
  t.match(err.message, /E11000 duplicate key error collection: .*\.users index: email_1 dup key: \{ email: "a@example\.com" \}/);
  t.same(err.keyValue, { email: 'a@example.com' });
  const update = await failure(users.updateOne({ email: { $exists: false } }, { $set: { email: 'a@example.com' } }, { upsert: true }));
  t.equal(update.code, 11000, 'an upsert that collides fails too');
  await users.insertOne({ email: 'b@example.com' });
  t.equal((await failure(users.updateOne({ email: 'b@example.com' }, { $set: { email: 'a@example.com' } }))).code, 11000, 'so does an update');
  t.equal(await users.countDocuments(), 2);
});

t.test('duplicate _id is 11000 on the _id_ index; insertMany ordered stops, unordered goes on', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('idx')).collection<Document>('things');
  await coll.insertOne({ _id: 1 as never });
  const ordered = await failure(coll.insertMany([{ _id: 2 }, { _id: 1 }, { _id: 3 }] as never[]));
  t.equal(ordered.code, 11000);
  t.match(ordered.message, /index: _id_ dup key/);
  t.same((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id), [1, 2]);
  await failure(coll.insertMany([{ _id: 4 }, { _id: 1 }, { _id: 5 }] as never[], { ordered: false }));
  t.same((await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id), [1, 2, 4, 5]);
});

t.test('compound, sparse and partial unique indexes', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('idx')).collection('pairs');
  await coll.createIndex({ a: 1, b: -1 }, { unique: true, name: 'a_b' });
  await coll.insertMany([{ a: 1, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }]);
  const err = await failure(coll.insertOne({ a: 1, b: 2 }));
  t.equal(err.code, 11000);
  t.same(err.keyValue, { a: 1, b: 2 });
  const sparse = mongo.client.db(coll.dbName).collection('sparse');
  await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
  await sparse.insertMany([{ x: 1 }, { x: 2 }]);
  t.pass('documents without the field do not collide in a sparse index');
  const partial = mongo.client.db(coll.dbName).collection('partial');
  await partial.createIndex({ name: 1 }, { unique: true, partialFilterExpression: { active: true } });
  await partial.insertMany([{ name: 'n', active: false }, { name: 'n', active: false }, { name: 'n', active: true }]);
  t.equal((await failure(partial.insertOne({ name: 'n', active: true }))).code, 11000, 'only documents matching the filter are indexed');
});

t.test('creating a unique index over duplicates fails and leaves no index', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('idx')).collection('dups');
  await coll.insertMany([{ k: 1 }, { k: 1 }]);
  t.equal((await failure(coll.createIndex({ k: 1 }, { unique: true }))).code, 11000);
  t.same((await coll.listIndexes().toArray()).map((i) => i.name), ['_id_']);
});

t.test('listIndexes, idempotent createIndex, dropIndex and dropIndexes', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('idx')).collection('list');
  await coll.createIndexes([{ key: { a: 1 } }, { key: { b: 1, c: -1 }, name: 'bc', unique: true }]);
  await coll.createIndex({ a: 1 });
  const indexes = await coll.listIndexes().toArray();
  t.same(indexes.map((i) => i.name), ['_id_', 'a_1', 'bc']);
  t.same(indexes[2]?.key, { b: 1, c: -1 });
  t.equal(indexes[2]?.unique, true);
  t.equal((await failure(coll.createIndex({ z: 1 }, { name: 'a_1' }))).code, 86, 'same name, other key');
  await coll.dropIndex('a_1');
  t.same((await coll.listIndexes().toArray()).map((i) => i.name), ['_id_', 'bc']);
  t.equal((await failure(coll.dropIndex('nope'))).code, 27, 'IndexNotFound');
  t.equal((await failure(coll.dropIndex('_id_'))).code, 72, 'the _id index stays');
  await coll.dropIndexes();
  t.same((await coll.listIndexes().toArray()).map((i) => i.name), ['_id_']);
  await coll.insertMany([{ b: 1, c: 1 }, { b: 1, c: 1 }]);
  t.pass('a dropped unique index no longer refuses duplicates');
  const missing = await failure(mongo.client.db(coll.dbName).collection('missing').listIndexes().toArray());
  t.equal(missing.code, 26, 'listIndexes on a missing collection is NamespaceNotFound');
});

t.test('equality on a uniquely indexed field finds the same documents as a scan would', async (t) => {
  const mongo = await useMongo(t);
  const coll = mongo.client.db(mongo.dbName('idx')).collection('lookup');
  await coll.createIndex({ email: 1 }, { unique: true, sparse: true });
  await coll.insertMany([{ email: 'a', n: 1 }, { email: ['b', 'c'], n: 2 }, { n: 3 }, { email: null, n: 4 }]);
  t.same((await coll.find({ email: 'a' }).toArray()).map((d) => d.n), [1]);
  t.same((await coll.find({ email: 'c' }).toArray()).map((d) => d.n), [2], 'an element of an indexed array');
  t.same((await coll.find({ email: 'a', n: 2 }).toArray()).map((d) => d.n), [], 'the rest of the filter still applies');
  t.same((await coll.find({ email: 'zzz' }).toArray()).map((d) => d.n), []);
  t.same((await coll.find({ email: null }).sort({ n: 1 }).toArray()).map((d) => d.n), [3, 4], 'null matches missing fields too');
  await coll.updateOne({ email: 'a' }, { $set: { email: 'a2' } });
  t.same((await coll.find({ email: 'a' }).toArray()).map((d) => d.n), [], 'the old key is gone');
  t.same((await coll.find({ email: 'a2' }).toArray()).map((d) => d.n), [1]);
});
