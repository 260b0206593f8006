import t from 'tap';
import type { Channel, GetMessage } from 'amqplib';
import { waitFor } from '#lib';
import { deadLetterQueueOf, HEADER } from '#runtime';
import { productEvent, useRuntime } from './helpers.ts';

/**
 * Takes `count` messages and dies holding them, as a crashing consumer does: the quorum
 * queue requeues them (at the head) and counts one more delivery for each.
 */
async function deliverAndDie(open: () => Promise<Channel>, queue: string, count: number): Promise<GetMessage[]> {
  const channel = await open();
  const taken: GetMessage[] = [];
  while (taken.length < count) taken.push(await waitFor('a message to take', async () => (await channel.get(queue, { noAck: false })) || undefined));
  await channel.close();
  return taken;
}

t.test('a message whose consumers keep dying is dead-lettered after maxRedeliveries, without running the handler again', async (t) => {
  const rt = await useRuntime(t);
  // Declares the queues, then steps aside.
  await (await rt.consumer({ handler: async () => undefined })).close();

  const open = () => rt.connection.createChannel();
  const poison = productEvent(1);
  rt.publish(poison);
  t.same((await deliverAndDie(open, rt.queueName, 1)).map((m) => m.properties.messageId), [poison.id]);
  const survivor = productEvent(2);
  rt.publish(survivor);
  t.same((await deliverAndDie(open, rt.queueName, 2)).map((m) => m.properties.messageId), [poison.id, survivor.id]);

  const handled: Array<{ id: string; redelivered: boolean }> = [];
  const consumer = await rt.consumer({ maxRedeliveries: 2, handler: async (e, ctx) => void handled.push({ id: e.id, redelivered: ctx.redelivered }) });
  await waitFor('one handled, one dead-lettered', () => consumer.stats().handled === 1 && consumer.stats().deadLettered === 1);
  t.same(handled, [{ id: survivor.id, redelivered: true }], 'below the limit the handler runs; the poison message never reached it');

  const dlq = deadLetterQueueOf(rt.queueName);
  const dead = await waitFor('the dead letter', async () => (await rt.channel.get(dlq)) || undefined);
  rt.channel.ack(dead);
  const headers = dead.properties.headers ?? {};
  t.equal(dead.properties.messageId, poison.id);
  t.equal(headers[HEADER.errorCode], 'PEEL_RUNTIME_REDELIVERY_LIMIT');
  t.match(String(headers[HEADER.dlqReason]), /delivered 3 times without an ack \(limit 2 redeliveries\)/);
  t.equal(headers['x-delivery-count'] ?? 0, 0, 'the copy starts with a clean count');
  t.same(JSON.parse(dead.content.toString()), poison, 'the body is kept as it was');
});
