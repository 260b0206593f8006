import t from 'tap';
import { useAmqp, useMongo } from '#test-support';
import { productDoc } from './fixtures/shop-docs.ts';
import { receiveAll, startAdapter, testConfig, testNames } from './fixtures/harness.ts';

t.test('a caught-up relay publishes appends far larger than its batch from memory, in order, without reading the store', async (t) => {
  const mongo = await useMongo(t);
  const amqp = await useAmqp(t);
  const names = testNames(mongo, amqp);
  const received = await receiveAll(amqp, names.exchange);
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { snapshot: { onFirstStart: false }, relay: { batchSize: 2, windowSize: 4 } }));
  const store = adapter.store;
  const readAfter = store.readAfter.bind(store);
  let eventsRead = 0;
  store.readAfter = async (sequence, limit) => {
    const events = await readAfter(sequence, limit);
    eventsRead += events.length;
    return events;
  };
  const appends: number[] = [];
  store.on('appended', ({ events }: { events: unknown[] }) => appends.push(events.length));

  await mongo.client.db(names.shopDb).collection('products').insertMany(Array.from({ length: 40 }, (_, i) => productDoc(i)));
  const events = await received.until('40 events', (e) => e.length >= 40);

  t.ok(Math.max(...appends) > 4, 'capture appended more events at once than the relay batch holds');
  t.equal(eventsRead, 0, 'no event was read back from the store');
  t.ok(events.every((e, i) => i === 0 || e.sequence > (events[i - 1]?.sequence ?? 0)), 'published in sequence order');
  t.equal(new Set(events.map((e) => e.id)).size, 40, 'each event once');
});
