import t from 'tap';
import { waitFor } from '#lib';
import { productEvent, useRuntime } from './helpers.ts';

t.test('close() stops intake, waits for in-flight handlers, acks their messages, then closes', async (t) => {
  const rt = await useRuntime(t);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const finished: string[] = [];
  const consumer = await rt.consumer({
    handler: async (e) => {
      await gate;
      finished.push(e.id);
    },
  });
  // Registered after the consumer, so it runs before close(): a failed test must not hang on the gate.
  t.teardown(() => release());
  const events = [productEvent(1), productEvent(2)];
  for (const e of events) rt.publish(e);
  await waitFor('both events in flight', () => consumer.stats().inFlight === 2);

  let closed = false;
  const closing = consumer.close().then(() => (closed = true));
  const late = productEvent(3);
  rt.publish(late);
  await waitFor('the late event waits in the queue', async () => (await rt.channel.checkQueue(rt.queueName)).messageCount === 1);
  t.notOk(closed, 'close() has not resolved while handlers run');
  release();
  await closing;
  t.same(finished.sort(), events.map((e) => e.id).sort(), 'in-flight handlers finished; the late event was not taken');
  t.match(consumer.stats(), { handled: 2, inFlight: 0, connected: false });
  const q = await rt.channel.checkQueue(rt.queueName);
  t.equal(q.messageCount, 1, 'only the late event is left: the in-flight ones were acked before the channel closed');
  // A quorum queue forgets a closed consumer asynchronously (through its Raft log).
  await waitFor('the broker dropped the consumer', async () => (await rt.channel.checkQueue(rt.queueName)).consumerCount === 0);
  await consumer.close();
  t.pass('a second close() resolves too');
});
