import t from 'tap';
import { waitFor } from '#lib';
import { closeConnectionFromBroker, productEvent, useRuntime, nextEvent } from './helpers.ts';

t.test('after the broker kills the connection the consumer reconnects and nothing is lost', async (t) => {
  const rt = await useRuntime(t);
  const connectionName = `${rt.queueName}-conn`;
  const handled = new Set<string>();
  const redelivered: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stuck = productEvent(3);
  let stuckStarted!: () => void;
  const stuckRunning = new Promise<void>((resolve) => (stuckStarted = resolve));
  const consumer = await rt.consumer({
    connectionName,
    handler: async (e, ctx) => {
      if (ctx.redelivered) redelivered.push(e.id);
      if (e.id === stuck.id && !ctx.redelivered) {
        stuckStarted();
        await gate;
      }
      handled.add(e.id);
    },
  });
  // Registered after the consumer, so it runs before close(): a failed test must not hang on the gate.
  t.teardown(() => release());
  const before = [productEvent(1), productEvent(2), stuck];
  for (const e of before) rt.publish(e);
  await stuckRunning;

  const disconnected = nextEvent(consumer, 'disconnected');
  const reconnected = nextEvent(consumer, 'connected');
  await closeConnectionFromBroker(connectionName);
  await disconnected;
  // The handler in flight finishes after its channel died: its ack cannot happen, so the
  // broker must redeliver the message on the new connection.
  const abandoned = nextEvent(consumer, 'abandoned');
  release();
  await abandoned;

  const after = [productEvent(4), productEvent(5)];
  for (const e of after) rt.publish(e);
  await reconnected;
  await waitFor('every event handled after the reconnect', () => [...before, ...after].every((e) => handled.has(e.id)));
  t.ok(redelivered.includes(stuck.id), 'the unacked event came back marked as redelivered');
  t.match(consumer.stats(), { connected: true, reconnects: 1, abandoned: 1 });
  // The killed connection's consumer leaves the quorum queue asynchronously; one remains.
  await waitFor('one consumer on the queue', async () => (await rt.channel.checkQueue(rt.queueName)).consumerCount === 1);
  t.pass('consuming resumed on the re-declared queue');
});
