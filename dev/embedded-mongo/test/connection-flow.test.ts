import { MongoClient } from 'mongodb';
import t from 'tap';
import { createLogger, settleWithin, waitFor } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';
import { logSink } from './log-sink.ts';
import { RawClient, opMsg, type RawReply } from './raw-client.ts';

t.test('a client that pipelines requests without reading the replies stops the server; once it reads, every reply comes', async (t) => {
  const sink = logSink();
  const server = await startEmbeddedMongo({ port: 0, logger: createLogger('embedded-mongo', { level: 'debug', destination: sink.stream }) });
  t.teardown(() => server.close());
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => client.close());
  const coll = client.db('flow').collection<{ _id: number; n: number; payload: string }>('docs');
  await coll.insertOne({ _id: 1, n: 0, payload: 'x'.repeat(1024 * 1024) });

  const raw = await RawClient.open(server.port);
  t.teardown(() => raw.close());
  raw.socket.pause(); // read nothing: the replies fill the socket buffers, then the server's
  const requests = Array.from({ length: 200 }, (_, i) =>
    opMsg({ findAndModify: 'docs', query: { _id: 1 }, update: { $inc: { n: 1 } }, new: true, $db: 'flow' }, { requestId: i + 1 }),
  );
  raw.send(Buffer.concat(requests));

  await waitFor('the server to stop reading', () => sink.lines.some((l) => l.msg === 'reading paused'));
  await waitFor('the server to wait for the client to read', () => sink.lines.some((l) => l.msg === 'waiting for the client to read replies'));
  const ran = (await coll.findOne({ _id: 1 }, { projection: { n: 1 } }))?.n ?? 0;
  t.ok(ran < 200, `the server stopped running the requests while replies went unread (${ran} of 200 ran)`);

  raw.socket.resume();
  const replies: Array<RawReply | undefined> = [];
  for (let i = 0; i < 200; i++) replies.push(await raw.next());
  t.same(
    replies.map((r) => r?.responseTo),
    Array.from({ length: 200 }, (_, i) => i + 1),
    'all 200 replies arrive, in order',
  );
  t.same(
    replies.map((r) => (r?.body.value as { n?: number } | undefined)?.n),
    Array.from({ length: 200 }, (_, i) => i + 1),
    'each request ran once',
  );
});

t.test('a message that stops arriving halfway closes its connection after frameStallTimeoutMs, with a warning; idle ones stay', async (t) => {
  const sink = logSink();
  const server = await startEmbeddedMongo({ port: 0, frameStallTimeoutMs: 100, logger: createLogger('embedded-mongo', { level: 'warn', destination: sink.stream }) });
  t.teardown(() => server.close());
  const idle = await RawClient.open(server.port);
  t.teardown(() => idle.close());
  const stalled = await RawClient.open(server.port);
  t.teardown(() => stalled.close());
  stalled.send(opMsg({ ping: 1, $db: 'admin' }).subarray(0, 10));
  t.equal(await settleWithin(stalled.closed, 10_000), 'fulfilled', 'the server closed the stalled connection');
  t.ok(sink.lines.some((l) => l.level === 'warn' && l.msg === 'partial message stalled, closing connection'), 'and logged a warning');
  idle.send(opMsg({ ping: 1, $db: 'admin' }));
  t.equal((await idle.next())?.body.ok, 1, 'a connection idle for longer, with nothing half sent, is still served');
});
