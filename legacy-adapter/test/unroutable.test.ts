import t from 'tap';
import { useAmqp, useMongo } from '#test-support';
import { waitFor } from '#lib';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('a returned (unroutable) event is retried, then parked, and the relay goes on', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const products = mongo.client.db(names.shopDb).collection('products');
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { relay: { returnedRetries: 2, returnedRetryDelayMs: 10 } }));
  await waitFor('the adapter to be ready', () => adapter.status().ready);

  const lost = productDoc(1);
  await products.insertOne(lost);
  const parked = mongo.client.db(names.adapterDb).collection('parked');
  const entry = await waitFor('the event to be parked', async () => (await parked.findOne({})) ?? undefined);
  t.match(entry, { type: 'shop.product.created.v1', reason: 'unroutable', attempts: 3 });
  await waitFor('the checkpoint to pass the parked event', () => adapter.status().relay.lastPublishedSequence >= (entry.sequence as number));
  t.equal(await adapter.metrics.count(adapter.metrics.published), 0, 'a returned message is not counted as published');

  const received = await receiveAll(amqp, names.exchange);
  const next = productDoc(2);
  await products.insertOne(next);
  const events = await received.until('the next event', (e) => e.length >= 1);
  t.equal(events[0]?.subject, next._id.toHexString());
  t.equal(events.length, 1, 'the parked event is not sent again by itself');
});
