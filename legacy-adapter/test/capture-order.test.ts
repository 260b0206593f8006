import t from 'tap';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

t.test('inserts, updates, replaces and deletes arrive as the right events, in order, with AMQP properties', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  await products.insertOne(productDoc(0));
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { snapshot: { onFirstStart: false } }));
  await received.until('the adapter to be streaming', () => adapter.status().ready);

  const doc = productDoc(1);
  await products.insertOne(doc);
  await products.updateOne({ _id: doc._id }, { $set: { stock: 7, updatedAt: new Date() } });
  // updateLookup reads the document when the event is read: let it exist then.
  await received.until('the update', (e) => e.length >= 2);
  await products.replaceOne({ _id: doc._id }, { ...doc, name: 'Renamed', updatedAt: new Date() });
  await products.deleteOne({ _id: doc._id });
  await mongo.client.db(names.shopDb).collection('invoices').insertOne({ _id: doc._id, total: 3 });

  const events = await received.until('five events', (e) => e.length >= 5);
  t.same(
    events.map((e) => e.type),
    ['shop.product.created.v1', 'shop.product.updated.v1', 'shop.product.updated.v1', 'shop.product.deleted.v1', 'legacy.change.v1'],
    'the product inserted before the adapter started (no snapshot) is not sent',
  );
  t.match(events[1]?.data, { stock: 7, changedFields: ['stock', 'updatedAt'] });
  t.match(events[2]?.data, { name: 'Renamed' });
  t.ok(events.every((e, i) => i === 0 || e.sequence > (events[i - 1]?.sequence ?? 0)), 'sequences increase');
  t.equal(new Set(events.map((e) => e.id)).size, 5, 'ids are unique');

  const first = received.messages[0];
  t.match(first?.properties, {
    messageId: events[0]?.id,
    type: 'shop.product.created.v1',
    contentType: 'application/json',
    deliveryMode: 2,
    timestamp: Math.floor(Date.parse(events[0]?.time ?? '') / 1000),
    correlationId: events[0]?.id,
  });
  t.match(first?.properties.headers, { 'x-peel-sequence': events[0]?.sequence, 'x-peel-subject': doc._id.toHexString(), 'x-correlation-id': events[0]?.id }, 'no request id recorded: the event starts its own chain');
  t.equal(first?.fields.routingKey, 'shop.product.created');
  t.equal(received.messages[4]?.fields.routingKey, 'legacy.change');

  const stored = await mongo.client.db(names.adapterDb).collection('events').countDocuments();
  t.equal(stored, 5, 'every event is in the store');
  await received.until('the relay checkpoint to reach the last event', () => adapter.status().relay.lagEvents === 0);
  t.equal(adapter.status().relay.lastPublishedSequence, events[4]?.sequence);
});

t.test('a request id stamped on the document travels as the correlation id, in the event and on the message', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { snapshot: { onFirstStart: false }, capture: { correlationField: 'lastRequestId' } }));
  await received.until('the adapter to be streaming', () => adapter.status().ready);
  const doc = { ...productDoc(1), lastRequestId: 'req-create' };
  await products.insertOne(doc);
  await received.until('the insert', (e) => e.length >= 1);
  await products.updateOne({ _id: doc._id }, { $set: { stock: 3, lastRequestId: 'req-update' } });
  await products.deleteOne({ _id: doc._id });
  const events = await received.until('three events', (e) => e.length >= 3);
  t.same(events.map((e) => e.correlationId), ['req-create', 'req-update', undefined], 'a delete names no request');
  t.same(
    received.messages.slice(0, 3).map((m) => [m.properties.correlationId, m.properties.headers?.['x-correlation-id']]),
    [['req-create', 'req-create'], ['req-update', 'req-update'], [events[2]?.id, events[2]?.id]],
  );
});
