import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import t from 'tap';
import { waitFor } from '#lib';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

/**
 * amqplib buffers a channel's frames in an object-mode stream of 1,024 and hands them to
 * the socket on a later tick, so publishing this many in one go makes `publish()` return
 * false: the relay publishes a whole window without yielding to I/O.
 */
const EVENTS = 3_000;

type Step = 'accepted' | 'full' | 'drain';

t.test('when publish() returns false the relay waits for drain before publishing again, then delivers everything once in order', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);
  // Held until the backlog is stored, so the relay meets it all at once; every publish and drain is recorded.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const steps: Step[] = [];
  const connect = async (url: string): Promise<ChannelModel> => {
    await gate;
    const connection = await amqp.connect(url);
    const createConfirmChannel = connection.createConfirmChannel.bind(connection);
    connection.createConfirmChannel = async () => recorded(await createConfirmChannel(), steps);
    return connection;
  };
  const config = testConfig(mongo, broker, names, { snapshot: { onFirstStart: false }, relay: { windowSize: EVENTS, batchSize: EVENTS } });
  const adapter = await startAdapter(t, config, { connect }, false, false);
  // Teardowns run last-registered first: the gate opens before the adapter closes.
  t.teardown(() => open());
  // Capture starts at "now": once a change is stored, later ones are surely captured.
  await waitFor('capture to stream', async () => adapter.store.lastSequence > 0 || void (await products.insertOne(productDoc(0))));
  const docs = Array.from({ length: EVENTS }, (_, i) => productDoc(i + 1));
  await products.insertMany(docs);
  const last = (docs.at(-1) as (typeof docs)[number])._id.toHexString();
  const stored = mongo.client.db(names.adapterDb).collection('events');
  await waitFor('the backlog to be stored', async () => (await stored.countDocuments({ subject: last })) > 0, { timeoutMs: 30_000 });
  const total = adapter.store.lastSequence;
  open();

  const events = await received.until('every event', (e) => e.length >= total, 30_000);
  await waitFor('the relay to catch up', () => adapter.status().relay.lagEvents === 0);
  const full = steps.filter((s) => s === 'full').length;
  t.ok(full > 0, `publish() returned false ${full} times`);
  const published = steps.filter((s) => s !== 'drain');
  const tooEager = steps.filter((s, i) => s !== 'drain' && steps[i - 1] === 'full');
  t.equal(tooEager.length, 0, 'after a false publish() nothing more is published until the channel drains');
  t.equal(published.length, total, 'each event published once');
  t.equal(events.length, total, 'and received once');
  t.same(events.map((e) => e.sequence), Array.from({ length: total }, (_, i) => i + 1), 'in sequence order');
});

/** Records each publish() result and each drain of `channel`, in order. */
function recorded(channel: ConfirmChannel, steps: Step[]): ConfirmChannel {
  const publish = channel.publish.bind(channel);
  channel.publish = (...args: Parameters<ConfirmChannel['publish']>) => {
    const ok = publish(...args);
    steps.push(ok ? 'accepted' : 'full');
    return ok;
  };
  channel.on('drain', () => steps.push('drain'));
  return channel;
}
