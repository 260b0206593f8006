import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

const logger = createLogger('embedded-mongo', { level: 'silent' });

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-mongo-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `work` against a server on `dbpath`, then closes both. */
async function withServer<T>(dbpath: string, work: (client: MongoClient) => Promise<T>): Promise<T> {
  const server = await startEmbeddedMongo({ port: 0, dbpath, logger });
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
  try {
    return await work(client);
  } finally {
    await client.close();
    await server.close();
  }
}

t.test('catalog changes, indexes, renames and drops are replayed', async (t) => {
  const dbpath = await tempDir(t);
  await withServer(dbpath, async (client) => {
    const db = client.db('shop');
    await db.createCollection('images', { changeStreamPreAndPostImages: { enabled: true } });
    await db.collection('users').createIndex({ email: 1 }, { unique: true });
    await db.collection('users').insertOne({ email: 'a@x' });
    await db.collection('tmp').insertOne({ x: 1 });
    await db.collection('tmp').rename('kept');
    await db.collection('gone').insertOne({ x: 1 });
    await db.collection('gone').drop();
    await client.db('other').collection('x').insertOne({ x: 1 });
    await client.db('other').dropDatabase();
  });
  await withServer(dbpath, async (client) => {
    const db = client.db('shop');
    t.same((await db.listCollections().toArray()).map((c) => c.name).sort(), ['images', 'kept', 'users']);
    t.same(((await db.listCollections({ name: 'images' }).toArray())[0] as { options?: unknown } | undefined)?.options, { changeStreamPreAndPostImages: { enabled: true } });
    t.same((await db.collection('users').listIndexes().toArray()).map((i) => i.name), ['_id_', 'email_1']);
    const dup = await db.collection('users').insertOne({ email: 'a@x' }).then(
      () => 0,
      (e: { code?: number }) => e.code,
    );
    t.equal(dup, 11000);
    const names = (await client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name);
    t.notOk(names.includes('other'));
  });
});

t.test('a torn last journal record is cut off at start, and later writes are kept', async (t) => {
  const dbpath = await tempDir(t);
  await withServer(dbpath, (client) => client.db('d').collection('docs').insertMany([{ a: 1 }, { a: 2 }]));
  // A crash in the middle of a write leaves a header promising more bytes than exist.
  const torn = Buffer.alloc(12);
  torn.writeUInt32LE(5000, 0);
  await appendFile(join(dbpath, 'journal.bin'), torn);
  await withServer(dbpath, async (client) => {
    t.equal(await client.db('d').collection('docs').countDocuments(), 2);
    await client.db('d').collection('docs').insertOne({ a: 3 });
  });
  await withServer(dbpath, async (client) => {
    t.equal(await client.db('d').collection('docs').countDocuments(), 3, 'the write after the repaired tail is there');
  });
});

t.test('a transaction is journaled as one record', async (t) => {
  const dbpath = await tempDir(t);
  await withServer(dbpath, async (client) => {
    const coll = client.db('d').collection('docs');
    await coll.insertOne({ _id: 'seed' as never });
    const session = client.startSession();
    await session.withTransaction(async () => {
      await coll.insertOne({ _id: 'a' as never }, { session });
      await coll.deleteOne({ _id: 'seed' as never }, { session });
    });
    await session.endSession();
  });
  await withServer(dbpath, async (client) => {
    t.same((await client.db('d').collection('docs').find().toArray()).map((d) => d._id), ['a']);
  });
});

t.test('a second server on the same dbpath is refused', async (t) => {
  const dbpath = await tempDir(t);
  const first = await startEmbeddedMongo({ port: 0, dbpath, logger });
  t.teardown(() => first.close());
  const err = await startEmbeddedMongo({ port: 0, dbpath, logger }).then(
    (s) => s.close().then(() => undefined),
    (e: unknown) => e,
  );
  t.equal((err as { code?: string } | undefined)?.code, 'PEEL_MONGO_DBPATH_LOCKED');
  await first.close();
  const reopened = await startEmbeddedMongo({ port: 0, dbpath, logger });
  await reopened.close();
  t.pass('closing releases the lock');
});

t.test('a journal much longer than the change log is compacted at start, keeping data and resumability', async (t) => {
  const dbpath = await tempDir(t);
  const journal = join(dbpath, 'journal.bin');
  const server = await startEmbeddedMongo({ port: 0, dbpath, changeLogSize: 16, logger });
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
  const coll = client.db('d').collection('docs');
  await coll.createIndex({ n: 1 }, { unique: true });
  await coll.insertMany(Array.from({ length: 600 }, (_, n) => ({ n, pad: 'x'.repeat(50) })));
  await coll.updateMany({}, { $set: { touched: true } });
  await coll.deleteMany({ n: { $gte: 500 } });
  const stream = coll.watch([], { maxAwaitTimeMS: 50 });
  await stream.tryNext();
  await coll.insertOne({ n: 1000 });
  const token = (await stream.next())._id;
  await stream.close();
  await coll.insertOne({ n: 1001 });
  await client.close();
  await server.close();
  const before = (await stat(journal)).size;

  await (await startEmbeddedMongo({ port: 0, dbpath, changeLogSize: 16, logger })).close();
  const after = (await stat(journal)).size;
  t.ok(after < before / 2, `compacted from ${before} to ${after} bytes`);

  const again = await startEmbeddedMongo({ port: 0, dbpath, changeLogSize: 16, logger });
  t.teardown(() => again.close());
  const reader = new MongoClient(again.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => reader.close());
  const docs = reader.db('d').collection('docs');
  t.equal(await docs.countDocuments(), 502);
  t.equal(await docs.countDocuments({ touched: true }), 500);
  t.same((await docs.listIndexes().toArray()).map((i) => i.name), ['_id_', 'n_1']);
  const resumed = docs.watch([], { resumeAfter: token, maxAwaitTimeMS: 50 });
  t.teardown(() => resumed.close());
  const next = await resumed.next();
  t.equal(next.operationType === 'insert' ? next.fullDocument.n : undefined, 1001, 'a token from before the compaction still resumes');
});
