import t from 'tap';
import { waitFor } from '#lib';
import { firstChangeAfter, storedCheckpoints } from './fixtures/checkpoints.ts';
import { spawnAdapter } from './fixtures/adapter-process.ts';
import { proxiedRelay, relayWritesPassed } from './fixtures/proxied-relay.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const IN_FLIGHT = 5;

t.test('close() with confirms outstanding: capture stops reading, close waits for the confirms, then writes both checkpoints', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  const { proxy, relayUrl } = await proxiedRelay(t, broker);
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { amqpUrl: relayUrl }));
  const checkpoints = storedCheckpoints(mongo.client, names.adapterDb);

  const first = productDoc(0);
  await products.insertOne(first);
  await received.until('the first event', (e) => bySubject(e).has(first._id.toHexString()));
  await waitFor('its confirm', () => adapter.status().relay.lagEvents === 0);
  const confirmed = adapter.status().relay.lastPublishedSequence;

  proxy.holdConfirms();
  // Until released, the adapter's close cannot finish (the broker's Close-Ok is held too).
  t.teardown(() => proxy.releaseConfirms());
  const publishes = proxy.publishes;
  const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) => productDoc(1 + i));
  await products.insertMany(inFlight);
  await waitFor('the relay to publish them', () => proxy.publishes === publishes + IN_FLIGHT);
  const lastStored = adapter.store.lastSequence;
  t.equal(adapter.status().relay.lastPublishedSequence, confirmed, 'published but unconfirmed: the relay checkpoint stays');

  let closed = false;
  const closing = adapter.close().then(() => void (closed = true));
  await waitFor('capture to stop', () => adapter.status().reasons.includes(`capture ${names.shopDb}: stopped`));
  const late = productDoc(99);
  await products.insertOne(late);
  // A close that did not wait would be done long before the relay's next two heartbeats.
  await Promise.race([relayWritesPassed(proxy), closing]);
  t.equal(closed, false, 'close() waits while the confirms are held');
  t.equal(adapter.status().relay.lastPublishedSequence, confirmed, 'the relay checkpoint has not moved past the unconfirmed events');
  t.equal(await checkpoints.relay(), confirmed, 'nor has the stored one');

  proxy.releaseConfirms();
  await closing;
  t.equal(adapter.store.lastSequence, lastStored, 'the change made after capture stopped was not stored');
  t.equal(await mongo.client.db(names.adapterDb).collection('events').countDocuments({ subject: late._id.toHexString() }), 0, 'it is not in events');
  t.equal(await checkpoints.relay(), lastStored, 'the relay checkpoint is the last sequence');
  const token = await checkpoints.captureToken(names.shopDb);
  t.ok(token, 'the capture checkpoint is there');
  if (!token) return;
  const next = await firstChangeAfter(mongo.client, names.shopDb, token);
  t.match(next, { operationType: 'insert', documentKey: { _id: late._id } }, 'resuming from the capture checkpoint reads the change that was not stored, and nothing stored again');
  t.same(proxy.errors, []);
});

t.test('SIGTERM to `peel adapter` with confirms outstanding: it stays up until they come, exits 0, and leaves both checkpoints', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  const { proxy, relayUrl } = await proxiedRelay(t, broker);
  const checkpoints = storedCheckpoints(mongo.client, names.adapterDb);
  const events = mongo.client.db(names.adapterDb).collection('events');
  const lastStored = async () => (await events.find().sort({ sequence: -1 }).limit(1).next())?.sequence as number | undefined;
  const adapter = spawnAdapter({
    MONGODB_URL: mongo.url,
    AMQP_URL: relayUrl,
    ADAPTER_DATABASE: names.adapterDb,
    ADAPTER_WATCH: names.shopDb,
    PEEL_EXCHANGE: names.exchange,
    ADAPTER_PORT: '0',
    ADAPTER_CAPTURE_MAX_AWAIT_MS: '100',
    ADAPTER_STATS_INTERVAL_MS: '0',
    LOG_LEVEL: 'info',
  });
  t.teardown(async () => void (await adapter.kill('SIGKILL')));

  const first = productDoc(0);
  await products.insertOne(first);
  await received.until('the first event', (e) => bySubject(e).has(first._id.toHexString()), 20_000);
  await waitFor('its confirm to be checkpointed', async () => (await checkpoints.relay()) === (await lastStored()));
  const confirmed = await checkpoints.relay();

  proxy.holdConfirms();
  t.teardown(() => proxy.releaseConfirms());
  const publishes = proxy.publishes;
  await products.insertMany(Array.from({ length: IN_FLIGHT }, (_, i) => productDoc(1 + i)));
  await waitFor('the relay to publish them', () => proxy.publishes === publishes + IN_FLIGHT);
  const last = await lastStored();

  adapter.child.kill('SIGTERM');
  await waitFor('the adapter to take the signal', () => adapter.output.join('').includes('"msg":"shutting down"'));
  await Promise.race([relayWritesPassed(proxy), adapter.exited]);
  t.equal(adapter.child.exitCode, null, 'still running while the confirms are held');
  t.equal(proxy.openConnections, 1, 'its broker connection still open');
  t.equal(await checkpoints.relay(), confirmed, 'the relay checkpoint has not moved past the unconfirmed events');

  proxy.releaseConfirms();
  t.equal(await adapter.exited, 0, 'exits 0 once they are confirmed');
  t.equal(await checkpoints.relay(), last, 'the relay checkpoint is the last sequence');
  const token = await checkpoints.captureToken(names.shopDb);
  t.ok(token, 'the capture checkpoint is there');
  if (!token) return;
  const after = productDoc(100);
  await products.insertOne(after);
  t.match(await firstChangeAfter(mongo.client, names.shopDb, token), { operationType: 'insert', documentKey: { _id: after._id } }, 'it is past every stored change');
  t.same(proxy.errors, []);
});
