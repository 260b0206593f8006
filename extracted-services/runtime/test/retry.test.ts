import t from 'tap';
import { defineError, waitFor } from '#lib';
import { deadLetterQueueOf, HEADER, type Outcome } from '#runtime';
import { productEvent, useRuntime, nextEvent } from './helpers.ts';

const flaky = defineError<{ n: number }>('PEEL_TEST_FLAKY', undefined, (d) => `flaky failure ${d.n}`);

t.test('a failing handler is retried through delay queues with increasing delays, then succeeds', async (t) => {
  const rt = await useRuntime(t, [50, 150]);
  const attempts: Array<{ attempt: number; at: number }> = [];
  const consumer = await rt.consumer({
    maxAttempts: 4,
    handler: async (_e, ctx) => {
      attempts.push({ attempt: ctx.attempt, at: performance.now() });
      if (ctx.attempt < 3) throw flaky({ n: ctx.attempt });
    },
  });
  const retried: Outcome[] = [];
  consumer.on('retried', (o: Outcome) => retried.push(o));
  const event = productEvent(7);
  rt.publish(event);
  const [handled] = (await nextEvent(consumer, 'handled')) as [Outcome];
  t.match(handled, { messageId: event.id, attempt: 3 });
  t.same(
    attempts.map((a) => a.attempt),
    [1, 2, 3],
  );
  t.same(
    retried.map((r) => r.kind === 'retried' && r.delayMs),
    [50, 150],
    'the delay grows with the attempt',
  );
  const [a1, a2, a3] = attempts.map((a) => a.at) as [number, number, number];
  // Lower bounds only: the broker's TTL guarantees a message waits at least the delay.
  t.ok(a2 - a1 >= 45, `second attempt waited ${Math.round(a2 - a1)} ms`);
  t.ok(a3 - a2 >= 145, `third attempt waited ${Math.round(a3 - a2)} ms`);
  t.match(consumer.stats(), { handled: 1, retried: 2, deadLettered: 0 });
});

t.test('after maxAttempts the message goes to the DLQ with the last error', async (t) => {
  const rt = await useRuntime(t, [50, 100]);
  const consumer = await rt.consumer({
    maxAttempts: 3,
    handler: async (_e, ctx) => {
      throw flaky({ n: ctx.attempt });
    },
  });
  const event = productEvent(1);
  rt.publish(event);
  const [dead] = (await nextEvent(consumer, 'dead-lettered')) as [Outcome];
  t.match(dead, { messageId: event.id, attempt: 3, code: 'PEEL_TEST_FLAKY', reason: 'flaky failure 3' });
  t.match(consumer.stats(), { retried: 2, deadLettered: 1, handled: 0 });

  const msg = await waitFor('dead letter stored', () => rt.channel.get(deadLetterQueueOf(rt.queueName)));
  const h = msg.properties.headers ?? {};
  t.equal(h[HEADER.dlqReason], 'flaky failure 3');
  t.equal(h[HEADER.errorCode], 'PEEL_TEST_FLAKY');
  t.equal(h[HEADER.attempt], 3);
  t.equal(h[HEADER.originalExchange], rt.exchangeName, 'the original exchange survives the retries');
  t.equal(h[HEADER.originalRoutingKey], 'shop.product.updated');
  t.equal(msg.properties.messageId, event.id);
  t.same(JSON.parse(msg.content.toString()), event, 'the body is unchanged');
  rt.channel.ack(msg);
});

t.test('a retrying message does not block the ones behind it', async (t) => {
  const rt = await useRuntime(t, [200]);
  const order: string[] = [];
  const first = productEvent(1);
  const second = productEvent(2);
  const consumer = await rt.consumer({
    prefetch: 1,
    handler: async (e, ctx) => {
      order.push(`${e.id}#${ctx.attempt}`);
      if (e.id === first.id && ctx.attempt === 1) throw new Error('not yet');
    },
  });
  rt.publish(first);
  rt.publish(second);
  await waitFor('both handled', () => consumer.stats().handled === 2);
  t.same(order, [`${first.id}#1`, `${second.id}#1`, `${first.id}#2`], 'the second event was handled while the first waited');
  t.match(consumer.stats(), { retried: 1 });
});
