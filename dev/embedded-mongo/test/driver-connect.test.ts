import { MongoClient } from 'mongodb';
import t from 'tap';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

const logger = createLogger('embedded-mongo', { level: 'silent' });

t.test('the driver connects with replicaSet=rs0 and sees a writable primary', async (t) => {
  const server = await startEmbeddedMongo({ port: 0, logger });
  t.teardown(() => server.close());
  t.match(server.url, /^mongodb:\/\/127\.0\.0\.1:\d+\/\?replicaSet=rs0$/);
  const client = new MongoClient(server.url, { serverSelectionTimeoutMS: 5_000 });
  t.teardown(() => client.close());
  await client.connect();
  const hello = await client.db('admin').command({ hello: 1 });
  t.equal(hello.isWritablePrimary, true);
  t.equal(hello.setName, 'rs0');
  t.same(hello.hosts, [`127.0.0.1:${server.port}`]);
  t.ok(hello.maxWireVersion >= 21);
  t.ok(hello.logicalSessionTimeoutMinutes > 0);
  t.ok(hello.$clusterTime?.clusterTime, 'gossips a cluster time');
  t.equal((await client.db('admin').command({ ping: 1 })).ok, 1);
  const info = await client.db('admin').command({ buildInfo: 1 });
  t.match(info.version, /^\d+\.\d+\.\d+$/);
});

t.test('two servers run side by side and close idempotently', async (t) => {
  const a = await startEmbeddedMongo({ port: 0, logger });
  const b = await startEmbeddedMongo({ port: 0, logger });
  t.not(a.port, b.port);
  const client = new MongoClient(b.url, { serverSelectionTimeoutMS: 5_000 });
  await client.db('x').collection('y').insertOne({ n: 1 });
  t.equal(await client.db('x').collection('y').countDocuments(), 1);
  await client.close();
  await Promise.all([a.close(), a.close(), b.close()]);
  t.pass('closed');
});
