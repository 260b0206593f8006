import amqp from 'amqplib';

/** Empties the given queues and their retry/dead-letter companions, when they exist. */
export async function purgeDemoQueues(amqpUrl: string, queues: string[]): Promise<void> {
  const connection = await amqp.connect(amqpUrl);
  try {
    for (const queue of queues) {
      for (const name of [queue, `${queue}.dlq`]) {
        // checkQueue closes the channel when the queue does not exist, so one channel per check.
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          await channel.checkQueue(name);
          await channel.purgeQueue(name);
          await channel.close();
        } catch {
          // absent queue: nothing to purge
        }
      }
    }
  } finally {
    await connection.close();
  }
}
