import t from 'tap';
import { createLogger, waitFor } from '#lib';
import type { PeelEvent } from '#contracts';
import { productEvent, useRuntime, nextEvent } from './helpers.ts';

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
  await nextEvent(consumer, 'handled');
  t.same(seen, ['shop.product.updated.v1']);
  t.equal(consumer.stats().received, 1);
});

t.test('prefetch bounds the handlers in flight (classic queue)', async (t) => {
  const rt = await useRuntime(t);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const consumer = await rt.consumer({ queueType: 'classic', prefetch: 2, handler: () => gate });
  // Registered after the consumer, so it runs before close(): a failed test must not hang on the gate.
  t.teardown(() => release());
  for (let i = 1; i <= 5; i += 1) rt.publish(productEvent(i));
  await waitFor('three messages held back by the broker', async () => (await rt.channel.checkQueue(rt.queueName)).messageCount === 3);
  t.equal(consumer.stats().inFlight, 2, 'only prefetch messages were delivered');
  release();
  await waitFor('all handled', () => consumer.stats().handled === 5);
});

t.test("the handler's logger names the correlation id the message carries", async (t) => {
  const rt = await useRuntime(t);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('runtime-test', { level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const consumer = await rt.consumer({ logger, handler: async (_e, ctx) => ctx.logger.info('applied') });
  const traced = productEvent(1);
  rt.channel.publish(rt.exchangeName, 'shop.product.updated', Buffer.from(JSON.stringify(traced)), { messageId: traced.id, correlationId: 'req-7' });
  const untraced = productEvent(2);
  rt.publish(untraced);
  await waitFor('both handled', () => consumer.stats().handled === 2);
  const applied = lines.filter((l) => l.msg === 'applied');
  t.match(applied.find((l) => l.messageId === traced.id), { correlationId: 'req-7', eventType: 'shop.product.updated.v1' });
  t.notOk('correlationId' in (applied.find((l) => l.messageId === untraced.id) ?? {}), 'none carried, none logged');
});
