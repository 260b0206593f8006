import type { Socket } from 'node:net';
import t from 'tap';
import { waitFor } from '#lib';
import { gatedConnect } from './fixtures/gated-connect.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { bySubject, startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const DOCS = 300;

t.test('a broker connection cut mid-stream loses nothing, and capture never pauses', async (t) => {
  const { mongo, amqp: broker, names, received, products } = await useAdapterWorld(t);

  const { connect, connections, hold } = gatedConnect();
  const adapter = await startAdapter(t, testConfig(mongo, broker, names), { connect });

  const writer = (async () => {
    for (let i = 0; i < DOCS; i++) await products.insertOne(productDoc(i));
  })();
  await received.until('the first hundred events', (e) => e.length >= 100);

  const open = hold();
  const socket = (connections[0] as unknown as { connection: { stream: Socket } }).connection.stream;
  socket.destroy(new Error('cut by the test'));
  await waitFor('the relay to notice', () => !adapter.status().ready);
  const atCut = adapter.store.lastSequence;
  await waitFor('capture to go on while the broker is away', () => adapter.store.lastSequence >= atCut + 50);
  open();

  await writer;
  const events = await received.until('every document', (e) => bySubject(e).size >= DOCS, 30_000);
  t.equal(bySubject(events).size, DOCS, 'every insert arrived');
  t.ok(connections.length >= 2, 'the relay reconnected');
  const idsBySubject = [...bySubject(events).values()].map((list) => new Set(list.map((e) => e.id)).size);
  t.ok(idsBySubject.every((n) => n === 1), 'a redelivered event keeps its id');
  t.same(
    received.messages.filter((m) => m.properties.messageId !== (JSON.parse(m.content.toString()) as { id: string }).id),
    [],
    'message id = event id',
  );
  await waitFor('the relay to catch up', () => adapter.status().relay.lagEvents === 0);
});
