import amqp from 'amqplib';
import { ConsumerSettings } from '#contracts';
import { deadLetterQueueOf, retryQueueOf } from '#runtime/names';
import type { StackNames } from './stack.ts';

/**
 * Deletes what a throwaway stack (walkthrough, end-to-end test) declared on the broker:
 * the services' queues with their dead-letter and delay queues, and the events exchange.
 */
export async function deleteStackTopology(amqpUrl: string, names: StackNames): Promise<void> {
  const delays = ConsumerSettings.parse({ queue: 'defaults' }).retryDelaysMs;
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of [names.catalogQueue, names.notificationsQueue]) {
      for (const name of [queue, deadLetterQueueOf(queue), ...delays.map((d) => retryQueueOf(queue, d))]) await channel.deleteQueue(name);
    }
    await channel.deleteExchange(names.exchange);
  } finally {
    await connection.close();
  }
}
