import t from 'tap';
import { waitFor } from '#lib';
import { DEAD_LETTER_EXCHANGE, deadLetterQueueOf, retryQueueOf, topologyQueues } from '#runtime';
import { productEvent, useRuntime, nextEvent } from './helpers.ts';

t.test('start() declares the queue, its DLQ bound to peel.dlx, and one delay queue per delay', async (t) => {
  const rt = await useRuntime(t, [50, 100, 100]);
  await rt.consumer({ retryDelaysMs: [50, 100, 100], handler: async () => undefined });
  t.same(topologyQueues({ queue: rt.queueName, retryDelaysMs: [50, 100, 100] }), [
    rt.queueName,
    deadLetterQueueOf(rt.queueName),
    retryQueueOf(rt.queueName, 50),
    retryQueueOf(rt.queueName, 100),
  ]);
  for (const name of topologyQueues({ queue: rt.queueName, retryDelaysMs: [50, 100] })) {
    await t.resolves(rt.channel.checkQueue(name), `${name} exists`);
  }
  await rt.channel.checkExchange(DEAD_LETTER_EXCHANGE);
  rt.channel.publish(DEAD_LETTER_EXCHANGE, rt.queueName, Buffer.from('x'));
  await waitFor('routed by peel.dlx to the DLQ', async () => (await rt.channel.checkQueue(deadLetterQueueOf(rt.queueName))).messageCount === 1);
});

t.test('a deleted queue is re-declared and consuming resumes', async (t) => {
  const rt = await useRuntime(t);
  const handled: string[] = [];
  const consumer = await rt.consumer({ handler: async (e) => void handled.push(e.id) });
  const connected = nextEvent(consumer, 'connected');
  await rt.channel.deleteQueue(rt.queueName);
  await connected;
  const event = productEvent(1);
  rt.publish(event);
  await waitFor('handled after the re-declare', () => handled.includes(event.id));
  t.match(consumer.stats(), { reconnects: 1 });
});
