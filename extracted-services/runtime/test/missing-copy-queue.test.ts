import type { ConsumeMessage } from 'amqplib';
import t from 'tap';
import { createLogger, defineError, waitFor } from '#lib';
import { ConsumerRuntimeSettings, DEAD_LETTER_EXCHANGE, deadLetterQueueOf, declareTopology, HEADER, retryQueueOf, type Outcome } from '#runtime';
import { processDelivery } from '#runtime/delivery';
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

t.test('a DLQ copy that comes back again after the topology is declared again: the original is not acked, and the error says where', async (t) => {
  const rt = await useRuntime(t, [50]);
  const settings = ConsumerRuntimeSettings.parse({ url: rt.url, queue: rt.queueName, exchange: rt.exchangeName, bindings: ['shop.#'], retryDelaysMs: [50], maxAttempts: 1 });
  const channel = await rt.connection.createConfirmChannel();
  t.teardown(() => channel.close().catch(() => undefined));
  await declareTopology(channel, settings);
  const dlq = deadLetterQueueOf(rt.queueName);
  // Someone keeps taking the DLQ's binding away, right after every declaration of it.
  await channel.unbindQueue(dlq, DEAD_LETTER_EXCHANGE, rt.queueName);
  const unbindingChannel = new Proxy(channel, {
    get(target, name, receiver) {
      if (name !== 'bindQueue') return Reflect.get(target, name, receiver) as unknown;
      return async (queue: string, source: string, pattern: string) => {
        const ok = await target.bindQueue(queue, source, pattern);
        if (queue === dlq) await target.unbindQueue(queue, source, pattern);
        return ok;
      };
    },
  });

  rt.publish(productEvent(1));
  // A message taken with basic.get stands for a delivery: processDelivery reads the same fields.
  const msg = (await waitFor('the message in the queue', async () => (await channel.get(rt.queueName)) || undefined)) as unknown as ConsumeMessage;
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('runtime-test', { level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const handler = async (): Promise<void> => {
    throw once({ attempt: 1 });
  };
  await t.rejects(processDelivery(msg, { channel: unbindingChannel, settings, handler, logger }), {
    code: 'PEEL_RUNTIME_COPY_UNROUTABLE',
    message: `no queue took the retry or dead-letter copy sent to exchange ${DEAD_LETTER_EXCHANGE} with key ${rt.queueName}, even after declaring the topology again; the original goes back to its queue`,
  });
  t.match(lines.map((l) => l.msg), ['handler failed', 'copy unroutable, declaring the topology again']);
  t.match(lines[1], { exchange: DEAD_LETTER_EXCHANGE, routingKey: rt.queueName });
  t.equal((await channel.checkQueue(dlq)).messageCount, 0, 'nothing in the DLQ');
  await channel.close();
  const check = await rt.connection.createChannel();
  t.teardown(() => check.close().catch(() => undefined));
  await waitFor('the unacked original back in its queue', async () => (await check.checkQueue(rt.queueName)).messageCount === 1);
});
