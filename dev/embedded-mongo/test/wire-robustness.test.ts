import { MongoClient } from 'mongodb';
import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';
import { crc32c } from '../src/wire/crc32c.ts';
import { logSink } from './log-sink.ts';
import { RawClient, opMsg, opQuery } from './raw-client.ts';

async function setup(t: Test) {
  const sink = logSink();
  const server = await startEmbeddedMongo({ port: 0, logger: createLogger('embedded-mongo', { level: 'warn', destination: sink.stream }) });
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(async () => {
    await client.close();
    await server.close();
  });
  await client.connect();
  const stillServes = async (): Promise<void> => {
    t.equal((await client.db('admin').command({ ping: 1 })).ok, 1, 'other clients are still served');
  };
  return { server, client, sink, stillServes };
}

t.test('a length prefix below the header size closes the connection and is logged', async (t) => {
  const { server, sink, stillServes } = await setup(t);
  const raw = await RawClient.open(server.port);
  const bad = Buffer.alloc(16);
  bad.writeInt32LE(3, 0);
  raw.send(bad);
  await raw.closed;
  t.ok(sink.lines.some((l) => l.level === 'warn' && l.msg === 'malformed message length, closing connection'));
  await stillServes();
});

t.test('a message announced above 48 MB is refused from its header, without reading it', async (t) => {
  const { server, stillServes } = await setup(t);
  const raw = await RawClient.open(server.port);
  const header = Buffer.alloc(16);
  header.writeInt32LE(48_000_001, 0);
  header.writeInt32LE(2013, 12);
  raw.send(header);
  await raw.closed;
  t.pass('closed');
  await stillServes();
});

t.test('an unknown opcode closes the connection', async (t) => {
  const { server, sink, stillServes } = await setup(t);
  const raw = await RawClient.open(server.port);
  const frame = opMsg({ ping: 1, $db: 'admin' });
  frame.writeInt32LE(4242, 12);
  raw.send(frame);
  await raw.closed;
  t.ok(sink.lines.some((l) => l.msg === 'unsupported opcode, closing connection'));
  await stillServes();
});

t.test('invalid BSON gets an error reply and the connection stays usable', async (t) => {
  const { server, stillServes } = await setup(t);
  const raw = await RawClient.open(server.port);
  const frame = opMsg({ ping: 1, $db: 'admin' }, { requestId: 7 });
  frame[25] = 0x7f; // the first element's type byte: not a BSON type
  raw.send(frame);
  const reply = await raw.next();
  t.equal(reply?.responseTo, 7);
  t.equal(reply?.body.ok, 0);
  t.equal(reply?.body.code, 22);
  const truncated = opMsg({ ping: 1, $db: 'admin' }, { requestId: 8 });
  truncated.writeInt32LE(9999, 21); // the body claims more bytes than the message has
  raw.send(truncated);
  t.equal((await raw.next())?.body.code, 22);
  raw.send(opMsg({ ping: 1, $db: 'admin' }, { requestId: 9 }));
  const ok = await raw.next();
  t.equal(ok?.body.ok, 1);
  raw.close();
  await stillServes();
});

t.test('OP_MSG without $db, with an unknown section kind or unknown required flag is an error reply', async (t) => {
  const { server } = await setup(t);
  const raw = await RawClient.open(server.port);
  raw.send(opMsg({ ping: 1 }));
  t.equal((await raw.next())?.body.ok, 0, 'missing $db');
  const kind = opMsg({ ping: 1, $db: 'admin' });
  kind[20] = 5;
  raw.send(kind);
  t.equal((await raw.next())?.body.ok, 0, 'section kind 5');
  raw.send(opMsg({ ping: 1, $db: 'admin' }, { flags: 1 << 4 }));
  t.equal((await raw.next())?.body.ok, 0, 'required flag bit 4');
  raw.close();
});

t.test('checksums: a good one is verified and answered with a checksummed reply, a bad one refused', async (t) => {
  const { server } = await setup(t);
  const raw = await RawClient.open(server.port);
  raw.send(opMsg({ ping: 1, $db: 'admin' }, { checksum: true }));
  const good = await raw.next();
  t.equal(good?.body.ok, 1);
  t.equal((good?.flags ?? 0) & 1, 1, 'the reply carries a checksum');
  const frame = good?.frame as Buffer;
  t.equal(frame.readUInt32LE(frame.length - 4), crc32c(frame, 0, frame.length - 4), 'and it is the CRC-32C of the reply');
  raw.send(opMsg({ ping: 1, $db: 'admin' }, { checksum: 0xdeadbeef }));
  const bad = await raw.next();
  t.equal(bad?.body.ok, 0);
  t.match(bad?.body.errmsg, /checksum/);
  raw.close();
});

t.test('moreToCome: the command runs and no reply is sent; exhaustAllowed gets a normal reply', async (t) => {
  const { server, client } = await setup(t);
  const raw = await RawClient.open(server.port);
  raw.send(opMsg({ insert: 'quiet', documents: [{ _id: 1 }], $db: 'wire' }, { requestId: 1, flags: 1 << 1 }));
  raw.send(opMsg({ find: 'quiet', filter: {}, batchSize: 0, $db: 'wire' }, { requestId: 2, flags: 1 << 16 }));
  const reply = await raw.next();
  t.equal(reply?.responseTo, 2, 'the first reply answers the second request');
  t.equal((reply?.flags ?? 0) & 2, 0, 'no moreToCome in the reply');
  t.equal(await client.db('wire').collection('quiet').countDocuments(), 1, 'the unacknowledged insert happened');
  raw.close();
});

t.test('the legacy OP_QUERY handshake gets an OP_REPLY', async (t) => {
  const { server } = await setup(t);
  const raw = await RawClient.open(server.port);
  raw.send(opQuery('admin', { isMaster: 1 }, 11));
  const reply = await raw.next();
  t.equal(reply?.opCode, 1);
  t.equal(reply?.responseTo, 11);
  t.equal(reply?.body.ismaster, true);
  t.equal(reply?.body.setName, 'rs0');
  raw.send(opQuery('admin', { $query: { hello: 1 } }, 12));
  t.equal((await raw.next())?.body.isWritablePrimary, true, 'wrapped in $query too');
  raw.close();
});

t.test('a message split across many TCP writes is reassembled', async (t) => {
  const { server } = await setup(t);
  const raw = await RawClient.open(server.port);
  const frame = opMsg({ ping: 1, $db: 'admin' }, { requestId: 3 });
  for (let i = 0; i < frame.length; i += 3) raw.send(frame.subarray(i, i + 3));
  t.equal((await raw.next())?.responseTo, 3);
  raw.close();
});
