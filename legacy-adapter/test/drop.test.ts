import t from 'tap';
import { useAmqp, useMongo } from '#test-support';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('a collection drop, a rename and a database drop become explicit events, and watching goes on', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const db = mongo.client.db(names.shopDb);
  await startAdapter(t, testConfig(mongo, amqp, names));

  await db.collection('products').insertOne(productDoc(1));
  await received.until('the insert', (e) => e.length >= 1);
  await db.collection('products').drop();
  const dropped = await received.until('the drop event', (e) => e.some((x) => x.type === 'legacy.change.v1'));
  t.match(dropped.at(-1), { type: 'legacy.change.v1', subject: `${names.shopDb}.products`, data: { operation: 'drop', namespace: { db: names.shopDb, coll: 'products' }, documentKey: null } });

  await db.collection('products').insertOne(productDoc(2));
  await received.until('an insert after the drop', (e) => e.filter((x) => x.type === 'shop.product.created.v1').length >= 2);

  await db.collection('products').rename('items');
  const renamed = await received.until('the rename event', (e) => e.some((x) => (x.data as { operation?: string }).operation === 'rename'));
  t.match(renamed.at(-1)?.data, { operation: 'rename', namespace: { db: names.shopDb, coll: 'products' }, to: { db: names.shopDb, coll: 'items' } });

  await db.dropDatabase();
  await received.until('the dropDatabase event', (e) => e.some((x) => (x.data as { operation?: string }).operation === 'dropDatabase'));
  await db.collection('products').insertOne(productDoc(3));
  const events = await received.until('an insert after the invalidate', (e) => e.filter((x) => x.type === 'shop.product.created.v1').length >= 3);
  t.ok(events.every((e, i) => i === 0 || e.sequence > (events[i - 1]?.sequence ?? 0)), 'in order');
});
