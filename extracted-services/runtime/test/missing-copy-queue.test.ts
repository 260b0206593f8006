import t from 'tap';
import { defineError } from '#lib';
import { deadLetterQueueOf, HEADER, retryQueueOf, type Outcome } from '#runtime';
import { publishCopy } from '#runtime/publish';
import { nextEvent, productEvent, useRuntime } from './helpers.ts';

const once = defineError<{ attempt: number }>('PEEL_TEST_ONCE', undefined, (d) => `fails on attempt ${d.attempt}`);

t.test('a deleted delay queue is declared again and the retry goes through, instead of the message vanishing', async (t) => {
  const rt = await useRuntime(t, [50]);
  const consumer = await rt.consumer({
    handler: async (_e, ctx) => {
      if (ctx.attempt === 1) throw once({ attempt: ctx.attempt });
    },
  });
  await rt.channel.deleteQueue(retryQueueOf(rt.queueName, 50));
  const event = productEvent(1);
  rt.publish(event);
  const [handled] = (await nextEvent(consumer, 'handled')) as [Outcome];
  t.match(handled, { messageId: event.id, attempt: 2 }, 'the retry came back from the re-declared delay queue');
  t.match(consumer.stats(), { retried: 1, abandoned: 0 });
});

t.test('a deleted DLQ is declared again and the dead letter lands in it', async (t) => {
  const rt = await useRuntime(t, [50]);
  const consumer = await rt.consumer({ handler: async () => undefined });
  await rt.channel.deleteQueue(deadLetterQueueOf(rt.queueName));
  rt.publish({ ...productEvent(1), data: { stock: -1 } });
  await nextEvent(consumer, 'dead-lettered');
  const msg = await rt.channel.get(deadLetterQueueOf(rt.queueName));
  t.ok(msg, 'the dead letter is in the DLQ');
  if (msg) t.equal(msg.properties.headers?.[HEADER.errorCode], 'PEEL_CONTRACTS_INVALID_EVENT');
});

t.test('publishCopy tells which of the copies in flight on one channel came back', async (t) => {
  const rt = await useRuntime(t, [50]);
  const channel = await rt.connection.createConfirmChannel();
  t.teardown(() => channel.close().catch(() => undefined));
  await channel.assertQueue(rt.queueName, { durable: false, autoDelete: true });
  const body = Buffer.from('{}');
  const results = await Promise.all([
    publishCopy(channel, '', rt.queueName, body, {}),
    publishCopy(channel, '', `${rt.queueName}.nowhere`, body, {}),
    publishCopy(channel, '', rt.queueName, body, {}),
  ]);
  t.same(results, ['routed', 'returned', 'routed']);
});
