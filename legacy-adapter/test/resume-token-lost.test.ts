import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { useAmqp, useTinyChangeLogMongo } from '#test-support';
import { buildHttpServer } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('a resume token that fell off the change log: loud error, red /readyz, no silent skip; --snapshot recovers', { skip: process.env.MONGODB_URL ? 'needs an embedded server with a tiny change log; a real server\'s oplog cannot be shrunk per test' : false }, async (t) => {
  const mongo = await useTinyChangeLogMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const products = mongo.client.db(names.shopDb).collection('products');
  const config = testConfig(mongo, amqp, names, { snapshot: { onFirstStart: false } });

  const first = await startAdapter(t, config);
  await products.insertOne(productDoc(0));
  await received.until('the first event', (e) => e.length === 1);
  await first.close();

  // While the adapter is down, more changes than the log keeps.
  const doc = await products.findOne({});
  for (let i = 1; i <= 100; i++) await products.updateOne({ _id: doc?._id }, { $set: { stock: i } });

  const { createAdapter } = await import('#adapter');
  const lines: string[] = [];
  const logger = createLogger('legacy-adapter', { level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  // A database first watched now: its capture starts at "now", as a wrong resume of the shop's would.
  const markers = mongo.client.db(mongo.dbName('markers')).collection('markers');
  const second = await createAdapter({ ...config, watch: [...config.watch, { db: markers.dbName }] }, { logger });
  t.teardown(() => second.close());
  await second.start();
  const http = buildHttpServer(second);
  t.teardown(() => http.close());

  await waitFor('the token loss to be reported', () => second.status().reasons.some((r) => r.includes('PEEL_ADAPTER_RESUME_TOKEN_LOST')));
  const readyz = await http.inject({ method: 'GET', url: '/readyz' });
  t.equal(readyz.statusCode, 503, '/readyz is red');
  t.match(readyz.json(), { ready: false, reasons: [/resume token lost/] });
  const errorLine = lines.map((l) => JSON.parse(l) as { level: string; code?: string }).find((l) => l.code === 'PEEL_ADAPTER_RESUME_TOKEN_LOST');
  t.match(errorLine, { level: 'error' }, 'logged at error with the code');
  const late = productDoc(99);
  await products.insertOne(late);
  // Once a change made after it is stored from the other stream, one captured from "now" would be too.
  const atLoss = second.store.lastSequence;
  await waitFor('a later change in the other database to be stored', async () => {
    await markers.insertOne({ at: new Date() });
    return second.store.lastSequence > atLoss;
  });
  const stored = await mongo.client.db(names.adapterDb).collection('events').find({ subject: late._id.toHexString() }).toArray();
  t.same(stored, [], 'nothing was captured from "now": no silent skip');
  t.equal(received.events().filter((e) => e.type.startsWith('shop.')).length, 1);
  await second.close();

  const third = await startAdapter(t, config, {}, true);
  const events = await received.until('the snapshot of every product', (e) => e.filter((x) => x.type === 'shop.product.snapshot.v1').length === 2);
  const snapshots = events.filter((x) => x.type === 'shop.product.snapshot.v1');
  t.equal(new Set(snapshots.map((e) => e.subject)).size, 2, 'peel adapter --snapshot copies every document');
  t.match(snapshots.find((e) => e.subject === doc?._id.toHexString())?.data, { stock: 100 }, 'in its current state');
  t.ok(third.status().ready, 'ready again');
});

t.test('with snapshot.onResumeTokenLost=resnapshot the adapter says so and re-snapshots by itself, and marks the end of the copy', { skip: process.env.MONGODB_URL ? 'needs an embedded server with a tiny change log' : false }, async (t) => {
  const mongo = await useTinyChangeLogMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const products = mongo.client.db(names.shopDb).collection('products');
  const config = testConfig(mongo, amqp, names, { snapshot: { onFirstStart: false, onResumeTokenLost: 'resnapshot' } });

  const first = await startAdapter(t, config);
  const [kept, deleted] = [productDoc(0), productDoc(1)];
  await products.insertMany([kept, deleted]);
  const before = await received.until('the first events', (e) => e.length === 2);
  await first.close();
  // While nothing watches: a delete whose event is lost with the resume point, and more changes than the log keeps.
  await products.deleteOne({ _id: deleted._id });
  for (let i = 1; i <= 100; i++) await products.updateOne({ _id: kept._id }, { $set: { stock: i } });

  const lines: string[] = [];
  const logger = createLogger('legacy-adapter', { level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  await startAdapter(t, config, { logger });
  const events = await received.until('the re-snapshot to complete', (e) => e.some((x) => x.type === 'shop.product.snapshot-completed.v1'));
  const snapshots = events.filter((x) => x.type === 'shop.product.snapshot.v1');
  t.same(snapshots.map((e) => e.subject), [kept._id.toHexString()], 'only the product that still exists is copied');
  t.match(snapshots[0]?.data, { stock: 100 }, 'in its current state');
  const completed = events.at(-1);
  t.match(completed, { type: 'shop.product.snapshot-completed.v1', subject: `${names.shopDb}.products`, data: { namespace: { db: names.shopDb, coll: 'products' }, copied: 1 } }, 'the end of the copy comes last');
  const startSequence = (completed?.data as { startSequence: number }).startSequence;
  t.ok(before.every((e) => e.sequence < startSequence), 'every event from before the run is below its startSequence');
  t.ok(snapshots.every((e) => e.sequence >= startSequence), 'every event of the run is at or above it');
  t.ok(lines.some((l) => l.includes('"code":"PEEL_ADAPTER_RESUME_TOKEN_LOST"') && l.includes('"level":"error"')), 'the loss is logged at error');
});
