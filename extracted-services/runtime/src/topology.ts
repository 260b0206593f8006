import type { Channel, Options } from 'amqplib';
import type { ConsumerRuntimeSettings } from './options.ts';
import { DEAD_LETTER_EXCHANGE, deadLetterQueueOf, retryQueueOf } from './names.ts';

type TopologySettings = Pick<ConsumerRuntimeSettings, 'queue' | 'queueType' | 'exchange' | 'bindings' | 'retryDelaysMs'>;

/**
 * Declares everything a consumer needs; idempotent, so it runs again after every
 * reconnect. The main queue dead-letters to `peel.dlx` with its own name as key, so even
 * the broker's own dead letters land in `<queue>.dlq`.
 */
export async function declareTopology(channel: Channel, s: TopologySettings): Promise<void> {
  await channel.assertExchange(s.exchange, 'topic', { durable: true });
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
  await channel.assertQueue(s.queue, {
    durable: true,
    arguments: {
      ...queueTypeArgs(s.queueType),
      'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE,
      'x-dead-letter-routing-key': s.queue,
    },
  });
  for (const pattern of s.bindings) await channel.bindQueue(s.queue, s.exchange, pattern);
  const dlq = deadLetterQueueOf(s.queue);
  await channel.assertQueue(dlq, { durable: true, arguments: queueTypeArgs(s.queueType) });
  await channel.bindQueue(dlq, DEAD_LETTER_EXCHANGE, s.queue);
  for (const delayMs of new Set(s.retryDelaysMs)) {
    await channel.assertQueue(retryQueueOf(s.queue, delayMs), retryQueueOptions(s.queue, s.queueType, delayMs));
  }
}

/** A delay queue: messages wait `delayMs`, then the broker dead-letters them straight back to the main queue. */
function retryQueueOptions(queue: string, queueType: 'quorum' | 'classic', delayMs: number): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      ...queueTypeArgs(queueType),
      'x-message-ttl': delayMs,
      // The default exchange routes by queue name: only this queue gets the retry, not every
      // queue bound to the event's routing key.
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue,
      // Quorum queues dead-letter at most once unless told otherwise; a retry must not vanish.
      ...(queueType === 'quorum' ? { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } : {}),
    },
  };
}

function queueTypeArgs(queueType: 'quorum' | 'classic'): Record<string, string> {
  return { 'x-queue-type': queueType };
}

/** Every queue name `declareTopology` creates for these settings (for cleanup and `peel dlq`). */
export function topologyQueues(s: Pick<ConsumerRuntimeSettings, 'queue' | 'retryDelaysMs'>): string[] {
  return [s.queue, deadLetterQueueOf(s.queue), ...[...new Set(s.retryDelaysMs)].map((d) => retryQueueOf(s.queue, d))];
}
