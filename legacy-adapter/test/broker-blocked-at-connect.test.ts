import t, { type Test } from 'tap';
import { waitFor } from '#lib';
import type { BlockedAtOpen } from './fixtures/amqp-frame-proxy.ts';
import { proxiedRelay, relayWritesPassed } from './fixtures/proxied-relay.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const PRODUCTS = 30;
const REASON = 'low on disk';

/**
 * The broker is blocked before the relay connects, and says so right after the handshake,
 * before the relay's confirm channel is open: the relay must publish nothing until unblocked.
 */
async function blockedAtConnect(t: Test, atOpen: BlockedAtOpen, expectedReason: RegExp): Promise<void> {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  const { proxy, relayUrl } = await proxiedRelay(t, broker);
  proxy.block(REASON, { atOpen });

  // Not ready while blocked, so not waited for.
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { amqpUrl: relayUrl }), {}, false, false);
  // Changes made before the stream is open would come as snapshot copies instead.
  await waitFor('capture to stream', () => !adapter.status().reasons.some((r) => r.startsWith('capture ')));
  await products.insertMany(Array.from({ length: PRODUCTS }, (_, i) => productDoc(i)));
  await waitFor('capture to store them, and the relay to connect through the proxy', () => adapter.store.lastSequence >= PRODUCTS && proxy.openConnections === 1);
  await relayWritesPassed(proxy);
  t.equal(proxy.publishes, 0, 'no Basic.Publish went to the broker while blocked');
  t.equal(received.messages.length, 0, 'the consumer got nothing while blocked');
  const blocked = adapter.status();
  t.equal(blocked.relay.blocked, true, 'the relay knows it is blocked');
  t.equal(blocked.ready, false);
  t.equal(blocked.reasons.length, 1, `one not-ready reason: ${blocked.reasons.join('; ')}`);
  t.match(blocked.reasons[0], expectedReason, 'it is the block');
  t.equal(blocked.relay.lastPublishedSequence, 0, 'the relay checkpoint has not moved');
  t.equal(blocked.relay.lagEvents, PRODUCTS, 'every change is pending');

  proxy.unblock();
  const events = await received.until('every event', (e) => bySubject(e).size >= PRODUCTS);
  t.equal(bySubject(events).size, PRODUCTS, 'none lost');
  t.equal(new Set(events.map((e) => e.id)).size, events.length, 'each message carries its own event id');
  t.equal(proxy.publishes, PRODUCTS, 'each pending event published once');
  await waitFor('the adapter to be ready', () => adapter.status().ready && adapter.status().relay.lagEvents === 0);
  t.equal(adapter.status().relay.blocked, false);
  t.same(proxy.errors, []);
}

t.test('connection.blocked right after the handshake, once the relay opens its channel: nothing published until unblocked', (t) =>
  blockedAtConnect(t, 'after-handshake', new RegExp(`^relay: broker blocked publishing \\(${REASON}\\)$`)),
);

// amqplib reads a Connection.Blocked that arrives with Connection.Open-Ok inside connect(),
// emitting `blocked` before there is anything to listen on, and drops its reason; only the
// internal `connection.connection.blocked` flag is left, which BrokerSession.open reads.
t.test('connection.blocked in the same write as Connection.Open-Ok: nothing published until unblocked', (t) =>
  blockedAtConnect(t, 'with-open-ok', /^relay: broker blocked publishing \(blocked when the connection opened\)$/),
);
