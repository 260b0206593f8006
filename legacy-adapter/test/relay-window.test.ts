import t from 'tap';
import { waitFor } from '#lib';
import { storedCheckpoints } from './fixtures/checkpoints.ts';
import { proxiedRelay, relayWritesPassed } from './fixtures/proxied-relay.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const WINDOW = 4;
const DOCS = 10;

t.test('with confirms held the relay publishes exactly its window, and its checkpoint moves only when they are confirmed', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  const { proxy, relayUrl } = await proxiedRelay(t, broker);
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { amqpUrl: relayUrl, snapshot: { onFirstStart: false }, relay: { windowSize: WINDOW } }));
  const checkpoints = storedCheckpoints(mongo.client, names.adapterDb);
  const atStart = adapter.status().relay.lastPublishedSequence;

  proxy.holdConfirms();
  t.teardown(() => proxy.releaseConfirms());
  const publishes = proxy.publishes;
  await products.insertMany(Array.from({ length: DOCS }, (_, i) => productDoc(i)));
  await waitFor('capture to store them', () => adapter.store.lastSequence >= atStart + DOCS);
  await waitFor('a full window', () => proxy.publishes >= publishes + WINDOW);
  await relayWritesPassed(proxy);
  t.equal(proxy.publishes, publishes + WINDOW, 'no more than the window is published while nothing is confirmed');
  t.equal(adapter.status().relay.lastPublishedSequence, atStart, 'status(): the relay checkpoint stays put');
  t.equal((await checkpoints.relay()) ?? 0, atStart, 'the stored relay checkpoint stays put');

  proxy.releaseConfirms();
  const last = adapter.store.lastSequence;
  await received.until('every event', (e) => e.length >= DOCS);
  await waitFor('the relay checkpoint to reach the last sequence', () => adapter.status().relay.lastPublishedSequence === last);
  await waitFor('the stored one too', async () => (await checkpoints.relay()) === last);
  t.equal(proxy.publishes, publishes + DOCS, 'each event published once');
  t.same(proxy.errors, []);
});
