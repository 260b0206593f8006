import amqp from 'amqplib';
import t from 'tap';
import { waitFor } from '#lib';
import type { StoredEvent } from '#adapter';
import { proxiedRelay } from './fixtures/proxied-relay.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const WINDOW = 8;
const DOCS = 6;
const UPDATES = 2;

t.test('events the broker took but never confirmed are republished after a cut: the repeats carry the same message id and body, nothing is missing, order per document holds', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  const { proxy, relayUrl } = await proxiedRelay(t, broker);
  // The first connection goes through the proxy; once it is cut, the relay reconnects straight to the broker.
  let connections = 0;
  const connect = (url: string) => amqp.connect(connections++ === 0 ? url : broker.url);
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { amqpUrl: relayUrl, snapshot: { onFirstStart: false }, relay: { windowSize: WINDOW } }), { connect });

  proxy.holdConfirms();
  t.teardown(() => proxy.releaseConfirms());
  for (let i = 0; i < DOCS; i++) {
    const doc = productDoc(i);
    await products.insertOne(doc);
    for (let u = 1; u <= UPDATES; u++) await products.updateOne({ _id: doc._id }, { $set: { stock: 1_000 + u } });
  }
  await waitFor('a full window published', () => proxy.publishes >= WINDOW);
  // The broker routed them (the consumer has them) but the relay never heard it confirm them.
  await received.until('the window to reach the consumer', (e) => e.length >= WINDOW);
  const unconfirmed = new Set(received.events().map((e) => e.id));
  await proxy.close();

  const total = DOCS * (1 + UPDATES);
  await received.until('every event after the reconnect', (e) => new Set(e.map((x) => x.id)).size >= total);
  await waitFor('the relay to catch up', () => adapter.status().relay.lagEvents === 0);
  t.equal(connections, 2, 'the relay reconnected once');

  const firsts = new Map<string, { content: Buffer; event: StoredEvent }>();
  const repeats: string[] = [];
  const changed: string[] = [];
  const notEventId: string[] = [];
  for (const message of received.messages) {
    const id = String(message.properties.messageId);
    const event = JSON.parse(message.content.toString()) as StoredEvent;
    if (id !== event.id) notEventId.push(id);
    const first = firsts.get(id);
    if (!first) firsts.set(id, { content: message.content, event });
    else {
      repeats.push(id);
      if (!first.content.equals(message.content)) changed.push(id);
    }
  }
  t.same(notEventId, [], 'message id = event id');
  t.ok(repeats.length > 0, `at least one event was delivered twice (${repeats.length} repeats)`);
  t.same(changed, [], 'every repeat has the same body as the first delivery');
  t.ok(repeats.every((id) => unconfirmed.has(id)), 'only events left unconfirmed at the cut were repeated');

  const stored = await mongo.client.db(names.adapterDb).collection<StoredEvent>('events').find({}, { sort: { sequence: 1 } }).toArray();
  t.equal(stored.length, total);
  t.same([...firsts.keys()].sort(), stored.map((e) => e.id).sort(), 'every stored event arrived, nothing else');
  const firstArrivals = [...firsts.values()].map((f) => f.event);
  const outOfOrder = [...bySubject(firstArrivals)].filter(([, list]) => list.some((e, i) => i > 0 && e.sequence <= (list[i - 1] as StoredEvent).sequence));
  t.same(outOfOrder, [], 'per document, events first arrive in sequence order');
  t.same(proxy.errors, []);
});
