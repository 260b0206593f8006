import t from 'tap';
import { waitFor } from '#lib';
import { proxiedRelay, relayWritesPassed } from './fixtures/proxied-relay.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const BEFORE = 20;
const WHILE_BLOCKED = 50;
const REASON = 'low on memory';

t.test('the relay stops publishing on connection.blocked and publishes everything on connection.unblocked', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  const { proxy, relayUrl } = await proxiedRelay(t, broker);
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { amqpUrl: relayUrl }));
  t.equal(proxy.openConnections, 1, 'the relay connects through the proxy');

  await products.insertMany(Array.from({ length: BEFORE }, (_, i) => productDoc(i)));
  await received.until('the first inserts', (e) => e.length >= BEFORE);
  await waitFor('the relay to catch up', () => adapter.status().relay.lagEvents === 0);

  proxy.block(REASON);
  await waitFor('the adapter to report the block', () => adapter.status().relay.blocked);
  const blocked = adapter.status();
  t.equal(blocked.ready, false);
  t.same(blocked.reasons, [`relay: broker blocked publishing (${REASON})`]);
  const publishesAtBlock = proxy.publishes;
  const receivedAtBlock = received.messages.length;
  const sequenceAtBlock = adapter.store.lastSequence;

  await products.insertMany(Array.from({ length: WHILE_BLOCKED }, (_, i) => productDoc(BEFORE + i)));
  await waitFor('capture to store them', () => adapter.store.lastSequence >= sequenceAtBlock + WHILE_BLOCKED);
  await relayWritesPassed(proxy);
  const pending = adapter.status();
  t.equal(pending.relay.lastPublishedSequence, sequenceAtBlock, 'the relay checkpoint stays where the block found it');
  t.equal(pending.relay.lagEvents, WHILE_BLOCKED, 'every change made during the block is pending');
  t.equal(proxy.publishes, publishesAtBlock, 'no Basic.Publish went to the broker while blocked');
  t.equal(received.messages.length, receivedAtBlock, 'the consumer got nothing new while blocked');

  proxy.unblock();
  const events = await received.until('every event', (e) => bySubject(e).size >= BEFORE + WHILE_BLOCKED);
  t.equal(bySubject(events).size, BEFORE + WHILE_BLOCKED, 'none lost');
  t.equal(new Set(events.map((e) => e.id)).size, events.length, 'each message carries its own event id');
  t.same(
    received.messages.filter((m) => m.properties.messageId !== (JSON.parse(m.content.toString()) as { id: string }).id),
    [],
    'message id = event id',
  );
  t.equal(proxy.publishes, publishesAtBlock + WHILE_BLOCKED, 'each pending event published once');
  await waitFor('the adapter to be ready again', () => adapter.status().ready && adapter.status().relay.lagEvents === 0);
  t.equal(adapter.status().relay.blocked, false);
  t.same(proxy.errors, []);
});
