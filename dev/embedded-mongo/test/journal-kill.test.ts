import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MongoClient, type ResumeToken } from 'mongodb';
import t, { type Test } from 'tap';

const peel = join(import.meta.dirname, '..', '..', '..', 'bin', 'peel.js');

interface Child {
  proc: ChildProcess;
  url: string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Starts `peel mongo --port 0 --dbpath DIR` and waits for its "listening" log line. */
async function startChild(t: Test, dbpath: string): Promise<Child> {
  const proc = spawn(process.execPath, [peel, 'mongo', '--port', '0', '--dbpath', dbpath], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'info' } });
  const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const entry = JSON.parse(line) as { msg: string; address?: string };
    if (entry.msg === 'embedded mongo listening') return { proc, url: `mongodb://${entry.address}/?replicaSet=rs0`, exited };
  }
  throw new Error('peel mongo exited before listening');
}

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-mongo-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

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
