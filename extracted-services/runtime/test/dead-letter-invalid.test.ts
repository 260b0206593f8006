import t from 'tap';
import { waitFor } from '#lib';
import { deadLetterQueueOf, HEADER } from '#runtime';
import { productEvent, useRuntime } from './helpers.ts';

t.test('invalid JSON, unknown types and invalid events go straight to the DLQ with the reason; the queue keeps flowing', async (t) => {
  const rt = await useRuntime(t);
  const handled: string[] = [];
  const consumer = await rt.consumer({ handler: async (e) => void handled.push(e.id) });

  const before = productEvent(1);
  const unknownVersion = { ...productEvent(2), type: 'shop.product.updated.v9' };
  const invalid = { ...productEvent(3), data: { ...productEvent(3).data, stock: -1 } };
  const after = productEvent(4);
  rt.publish(before);
  rt.publish({ id: 'not-json' }, { routingKey: 'shop.product.updated', raw: Buffer.from('{not json') });
  rt.publish(unknownVersion);
  rt.publish({ ...productEvent(5), type: 'bogus.thing.happened.v1' });
  rt.publish(invalid);
  rt.publish(after);

  await waitFor('valid events handled and invalid ones dead-lettered', () => {
    const s = consumer.stats();
    return s.handled === 2 && s.deadLettered === 4;
  });
  t.same(handled, [before.id, after.id], 'the valid events around the bad ones were handled, in order');
  t.equal(consumer.stats().retried, 0, 'invalid messages are never retried');

  const dlq = deadLetterQueueOf(rt.queueName);
  const codes: unknown[] = [];
  const reasons: string[] = [];
  for (let msg = await rt.channel.get(dlq); msg; msg = await rt.channel.get(dlq)) {
    const h = msg.properties.headers ?? {};
    codes.push(h[HEADER.errorCode]);
    reasons.push(String(h[HEADER.dlqReason]));
    t.equal(h[HEADER.queue], rt.queueName);
    t.equal(h[HEADER.originalExchange], rt.exchangeName);
    rt.channel.ack(msg);
  }
  t.same(codes, [
    'PEEL_RUNTIME_INVALID_JSON',
    'PEEL_CONTRACTS_UNKNOWN_EVENT_TYPE',
    'PEEL_CONTRACTS_UNKNOWN_EVENT_TYPE',
    'PEEL_CONTRACTS_INVALID_EVENT',
  ]);
  t.match(reasons[0], /not JSON/);
  t.match(reasons[1], /shop\.product\.updated\.v9/);
  t.match(reasons[3], /data\.stock/, 'the reason names the offending field');
});
