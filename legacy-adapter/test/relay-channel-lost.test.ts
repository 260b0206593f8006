import type { ChannelModel } from 'amqplib';
import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { gatedConnect } from './fixtures/gated-connect.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const BEFORE = 100;
const AFTER = 200;

t.test('a channel the broker closes under a live connection: the relay reconnects, redeclares the exchange and loses nothing', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);

  const { connect, connections, hold } = gatedConnect();
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('legacy-adapter', { level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  // Events published before the test binds its queue again come back unroutable: retried, never parked.
  const adapter = await startAdapter(t, testConfig(mongo, broker, names, { relay: { reconnectInitialMs: 20, reconnectMaxMs: 200, returnedRetries: 10_000, returnedRetryDelayMs: 20 } }), { connect, logger });

  for (let i = 0; i < BEFORE; i++) await products.insertOne(productDoc(i));
  await received.until('the first events', (e) => bySubject(e).size >= BEFORE);
  const first = connections[0] as ChannelModel;
  let firstClosed = false;
  first.on('close', () => (firstClosed = true));

  // Publishing to a deleted exchange is a channel error (404): the broker closes the relay's
  // channel and leaves its connection open.
  const open = hold();
  await broker.channel.deleteExchange(names.exchange);
  const writer = (async () => {
    for (let i = BEFORE; i < BEFORE + AFTER; i++) await products.insertOne(productDoc(i));
  })();
  await waitFor('the relay to notice the lost channel', () => !adapter.status().ready);
  const lost = lines.find((l) => l.msg === 'broker unavailable');
  t.match(lost, { err: { code: 'PEEL_ADAPTER_BROKER_UNAVAILABLE', details: { reason: /Channel closed by server: 404 \(NOT-FOUND\)/ } } }, 'the channel, not the connection, was closed by the broker');
  t.equal(connections.length, 1, 'held at the gate');
  const atLoss = adapter.store.lastSequence;
  await waitFor('capture to go on while the relay is away', () => adapter.store.lastSequence >= atLoss + 50);
  open();

  await waitFor('the relay to declare the exchange again', async () => {
    const probe = await broker.connection.createChannel();
    probe.on('error', () => undefined);
    try {
      await probe.checkExchange(names.exchange);
      await probe.close();
      return true;
    } catch {
      return false;
    }
  });
  await broker.channel.bindQueue(received.queue, names.exchange, '#');
  await writer;

  const events = await received.until('every document', (e) => bySubject(e).size >= BEFORE + AFTER, 30_000);
  t.equal(bySubject(events).size, BEFORE + AFTER, 'every insert arrived');
  t.equal(connections.length, 2, 'one reconnect');
  t.ok(firstClosed, 'the old connection was closed by the relay');
  const idsBySubject = [...bySubject(events).values()].map((list) => new Set(list.map((e) => e.id)).size);
  t.ok(idsBySubject.every((n) => n === 1), 'a republished event keeps its id');
  await waitFor('the relay to catch up', () => adapter.status().relay.lagEvents === 0);
  t.equal(await mongo.client.db(names.adapterDb).collection('parked').countDocuments(), 0, 'nothing parked');
});
