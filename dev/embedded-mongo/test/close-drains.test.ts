import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Long, MongoClient, MongoServerError } from 'mongodb';
import t, { type Test } from 'tap';
import { createLogger, settleWithin, waitFor } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

const logger = createLogger('embedded-mongo', { level: 'silent' });

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-mongo-close-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('close() answers the writes it has received: a write was applied exactly when it was acknowledged, and all of those survive a restart', async (t) => {
  const dbpath = await tempDir(t);
  const first = await startEmbeddedMongo({ port: 0, dbpath, logger });
  // No retries: a write that got a network error must show as failed, not be sent again.
  const client = new MongoClient(first.url, { maxPoolSize: 32, maxConnecting: 32, retryWrites: false, serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => client.close());
  const coll = client.db('drain').collection<{ _id: number }>('docs');
  await coll.insertOne({ _id: -1 });
  await Promise.all(Array.from({ length: 32 }, () => client.db('admin').command({ ping: 1 })));

  const acknowledged = new Set<number>();
  const failed = new Set<number>();
  let closing: Promise<void> | undefined;
  const writes = Array.from({ length: 400 }, (_, id) =>
    coll.insertOne({ _id: id }).then(
      () => {
        acknowledged.add(id);
        // Close in the middle of the stream of writes, while others wait on the journal.
        if (acknowledged.size === 100) closing = first.close();
      },
      () => void failed.add(id),
    ),
  );
  await Promise.all(writes);
  await closing;
  t.ok(closing, 'close() began while writes were in flight');
  t.ok(failed.size > 0, 'writes sent after close() began failed');

  const second = await startEmbeddedMongo({ port: 0, dbpath, logger });
  t.teardown(() => second.close());
  const reader = new MongoClient(second.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => reader.close());
  const stored = new Set((await reader.db('drain').collection<{ _id: number }>('docs').find({ _id: { $gte: 0 } }).toArray()).map((d) => d._id));
  t.same([...acknowledged].filter((id) => !stored.has(id)), [], 'every acknowledged write is in the data after the restart');
  t.same([...stored].filter((id) => !acknowledged.has(id)), [], 'every write that was applied got its reply');
});

t.test('close() wakes a change stream getMore waiting for maxTimeMS, and answers it', async (t) => {
  // A grace period longer than the wait: only waking the getMore lets close() finish in time.
  const server = await startEmbeddedMongo({ port: 0, logger, shutdownGraceMs: 120_000 });
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => client.close());
  const db = client.db('drain');
  await db.collection('watched').insertOne({ n: 1 });
  const opened = await db.command({ aggregate: 'watched', pipeline: [{ $changeStream: {} }], cursor: {} });
  const id = Long.fromValue((opened.cursor as { id: Long | number }).id);
  const waiting = db.command({ getMore: id, collection: 'watched', maxTimeMS: 60_000 }).then(
    (reply) => reply,
    (e: unknown) => e,
  );
  // MongoDB refuses a second getMore on a cursor while one runs: proof that the first is waiting.
  await waitFor('the getMore to be waiting', async () => {
    const probe = await db.command({ getMore: id, collection: 'watched', maxTimeMS: 1 }).catch((e: unknown) => e);
    return probe instanceof MongoServerError && probe.code === 46;
  });
  t.equal(await settleWithin(server.close(), 30_000), 'fulfilled', 'close() finished long before maxTimeMS');
  const reply = await waiting;
  t.notOk(reply instanceof Error, 'the waiting getMore got its reply');
  t.same((reply as { cursor?: { nextBatch?: unknown[] } }).cursor?.nextBatch, [], 'an empty batch');
});
