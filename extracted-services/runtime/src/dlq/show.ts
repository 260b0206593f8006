import type { ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import { describeDeadLetter, type DeadLetter } from './dead-letter.ts';
import { openDlq } from './dlq-channel.ts';

/**
 * Reads up to `limit` dead letters without removing them or changing their order. Every
 * message is fetched unacked and all are handed back with one nack-requeue at the end. A
 * classic queue puts requeued messages back in place, so reading `limit` is enough; a
 * quorum queue appends them at the tail, so the whole queue is read and handed back, which
 * rotates it once and leaves the order as it was.
 */
export async function showDeadLetters(connection: ChannelModel, name: string, limit: number): Promise<{ queue: string; depth: number; messages: DeadLetter[] }> {
  const { channel, queue, dlq, depth } = await openDlq(connection, name);
  const taken: GetMessage[] = [];
  try {
    await take(channel, dlq, taken, Math.min(limit, depth));
    if (taken.length > 0 && requeuesAtTail(taken[0] as GetMessage)) await take(channel, dlq, taken, depth);
    return { queue, depth, messages: taken.slice(0, limit).map((m) => describeDeadLetter(m, queue)) };
  } finally {
    const last = taken.at(-1);
    if (last) channel.nack(last, true, true);
    await channel.close().catch(() => undefined);
  }
}

async function take(channel: ConfirmChannel, dlq: string, taken: GetMessage[], upTo: number): Promise<void> {
  while (taken.length < upTo) {
    const msg = await channel.get(dlq, { noAck: false });
    if (!msg) return;
    taken.push(msg);
  }
}

/** Quorum queues count deliveries in `x-delivery-count`; classic queues do not. */
function requeuesAtTail(msg: GetMessage): boolean {
  return msg.properties.headers?.['x-delivery-count'] !== undefined;
}
