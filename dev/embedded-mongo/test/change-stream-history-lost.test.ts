import t from 'tap';
import { MongoClient, MongoServerError } from 'mongodb';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

const logger = createLogger('embedded-mongo', { level: 'silent' });

// Embedded only: overflowing a real replica set's oplog is not something a test can do.
t.test('resuming from a token that left the bounded change log fails with 286, non-resumable', async (t) => {
  const server = await startEmbeddedMongo({ port: 0, logger, changeLogSize: 16 });
  t.teardown(() => server.close());
  const client = new MongoClient(server.url);
  t.teardown(() => client.close());
  const coll = client.db('history').collection('items');
  const stream = coll.watch([], { maxAwaitTimeMS: 50 });
  t.teardown(() => stream.close());
  await stream.tryNext();
  await coll.insertOne({ n: 0 });
  const first = await stream.next();
  await coll.insertMany(Array.from({ length: 40 }, (_, n) => ({ n: n + 1 })));

  const resumed = coll.watch([], { resumeAfter: first._id });
  t.teardown(() => resumed.close());
  const err = await resumed.tryNext().catch((e: unknown) => e);
  t.ok(err instanceof MongoServerError);
  t.match(err, { code: 286, codeName: 'ChangeStreamHistoryLost' });
  t.ok((err as MongoServerError).hasErrorLabel('NonResumableChangeStreamError'));

  const behind = await stream.tryNext().catch((e: unknown) => e);
  t.match(behind, { code: 286 }, 'a stream that fell behind the log fails the same way');
});
