import { join } from 'node:path';
import { MongoClient, type ResumeToken } from 'mongodb';
import t from 'tap';
import { settleWithin } from '#lib';
import { startChild, tempDir } from './peel-mongo-child.ts';

t.test('kill -9 loses no acknowledged write, and resume tokens survive the restart', async (t) => {
  const dbpath = await tempDir(t);
  const first = await startChild(t, dbpath);
  const client = new MongoClient(first.url, { serverSelectionTimeoutMS: 5_000 });
  const coll = client.db('durable').collection('docs');
  await coll.createIndex({ n: 1 }, { unique: true });
  const stream = coll.watch([], { maxAwaitTimeMS: 50 });
  await stream.tryNext();
  await coll.insertOne({ n: 0 });
  const firstEvent = await stream.next();
  const token: ResumeToken = firstEvent._id;
  await stream.close();
  for (let n = 1; n <= 50; n++) await coll.insertOne({ n });
  await coll.updateOne({ n: 1 }, { $set: { touched: true } });
  await coll.deleteOne({ n: 2 });
  first.proc.kill('SIGKILL');
  await first.exited;
  await client.close();

  const second = await startChild(t, dbpath);
  const again = new MongoClient(second.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => again.close());
  const docs = again.db('durable').collection('docs');
  t.equal(await docs.countDocuments(), 50, 'every acknowledged insert is back, the delete too');
  t.equal((await docs.findOne({ n: 1 }))?.touched, true, 'the update is back');
  const duplicate = await docs.insertOne({ n: 3 }).then(
    () => 0,
    (e: { code?: number }) => e.code,
  );
  t.equal(duplicate, 11000, 'the unique index is back');
  const resumed = docs.watch([], { resumeAfter: token, maxAwaitTimeMS: 50 });
  t.teardown(() => resumed.close());
  const next = await resumed.next();
  t.equal(next.operationType, 'insert');
  t.equal(next.operationType === 'insert' ? next.fullDocument.n : undefined, 1, 'the stream resumes after the token from before the crash');
  second.proc.kill('SIGTERM');
  const [code] = await second.exited;
  t.equal(code, 0, 'SIGTERM stops it cleanly with exit code 0');
});

t.test('a journal write that fails (the file size limit is reached) stops peel mongo with exit code 1, and every acknowledged write survives the restart', async (t) => {
  const dbpath = await tempDir(t);
  const first = await startChild(t, dbpath, { fileSizeLimitKb: 1024 });
  const client = new MongoClient(first.url, { serverSelectionTimeoutMS: 5_000, retryWrites: false });
  const coll = client.db('full').collection<{ _id: number; pad: string }>('docs');
  const pad = 'x'.repeat(50 * 1024);
  const acknowledged: number[] = [];
  let failure: unknown;
  for (let n = 0; n < 100 && failure === undefined; n++) {
    await coll.insertOne({ _id: n, pad }).then(
      () => void acknowledged.push(n),
      (e: unknown) => (failure = e),
    );
  }
  await client.close();
  t.ok(failure, 'a write failed once the journal could not grow');
  t.ok(acknowledged.length > 0, `${acknowledged.length} writes were acknowledged before`);
  t.equal(await settleWithin(first.exited, 30_000), 'fulfilled', 'the server stopped by itself');
  const [code] = await first.exited;
  t.equal(code, 1, 'with exit code 1');
  t.match(first.stderr(), /PEEL_MONGO_JOURNAL_FAILED/, 'saying why');
  t.ok(
    first.logLines.some((l) => l.level === 'fatal' && l.path === join(dbpath, 'journal.bin')),
    'the failure is logged as fatal with the journal path',
  );

  const second = await startChild(t, dbpath);
  const again = new MongoClient(second.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => again.close());
  const stored = (await again.db('full').collection<{ _id: number }>('docs').find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).map((d) => d._id);
  t.same(stored, acknowledged, 'after the restart the data holds exactly the acknowledged writes');
  second.proc.kill('SIGTERM');
  t.equal((await second.exited)[0], 0);
});
