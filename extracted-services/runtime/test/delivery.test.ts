import { once } from 'node:events';
import t from 'tap';
import { waitFor } from '#lib';
import type { PeelEvent } from '#contracts';
import { productEvent, useRuntime } from './helpers.ts';

t.test('each valid event reaches the handler once, with its context, and is acked', async (t) => {
  const rt = await useRuntime(t);
  const seen: Array<{ event: PeelEvent; attempt: number; messageId: string; redelivered: boolean }> = [];
  const consumer = await rt.consumer({
    handler: async (event, ctx) => {
      seen.push({ event, attempt: ctx.attempt, messageId: ctx.messageId, redelivered: ctx.redelivered });
    },
  });
  const events = [productEvent(1), productEvent(2), productEvent(3)];
  for (const e of events) rt.publish(e);
  await waitFor('three events handled', () => consumer.stats().handled === 3);
  t.same(
    seen.map((s) => s.event.id),
    events.map((e) => e.id),
  );
  t.same(seen[0], { event: events[0], attempt: 1, messageId: events[0]?.id, redelivered: false });
  const q = await rt.channel.checkQueue(rt.queueName);
  t.equal(q.messageCount, 0, 'nothing left unacked in the queue');
  t.match(consumer.stats(), { received: 3, handled: 3, retried: 0, deadLettered: 0, connected: true });
});

t.test('only events matching the bindings are delivered', async (t) => {
  const rt = await useRuntime(t);
  const seen: string[] = [];
  const consumer = await rt.consumer({ bindings: ['shop.product.*'], handler: async (e) => void seen.push(e.type) });
  rt.publish({ ...productEvent(1), type: 'shop.user.registered.v1' }, { routingKey: 'shop.user.registered' });
  rt.publish(productEvent(2));
  await once(consumer, 'handled');
  t.same(seen, ['shop.product.updated.v1']);
  t.equal(consumer.stats().received, 1);
});
