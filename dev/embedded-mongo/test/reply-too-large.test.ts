import { MongoClient, MongoServerError } from 'mongodb';
import t from 'tap';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

const logger = createLogger('embedded-mongo', { level: 'silent' });

t.test('a result document too large to send is answered with BSONObjectTooLarge, and the connection goes on', async (t) => {
  const server = await startEmbeddedMongo({ port: 0, logger });
  t.teardown(() => server.close());
  // A reply that is never sent fails the test at the socket timeout instead of hanging it.
  const client = new MongoClient(server.url, { socketTimeoutMS: 30_000, maxPoolSize: 1, retryReads: false });
  t.teardown(() => client.close());
  const coll = client.db('large').collection<{ _id: number; payload: string }>('docs');
  await coll.insertOne({ _id: 1, payload: 'x'.repeat(10 * 1024 * 1024) });
  const err = await coll
    .aggregate([{ $addFields: { copy: '$payload', again: '$payload' } }])
    .toArray()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  t.ok(err instanceof MongoServerError, 'an error reply, not a hang or a network error');
  t.equal((err as MongoServerError).code, 10334);
  t.match((err as MongoServerError).message, /too large/);
  t.equal((await client.db('admin').command({ ping: 1 })).ok, 1, 'the same connection still serves');
});
