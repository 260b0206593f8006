import type { ChannelModel } from 'amqplib';
import { openDlq } from './dlq-channel.ts';

/** Drops every dead letter of the queue; returns how many there were. */
export async function purgeDeadLetters(connection: ChannelModel, name: string): Promise<{ queue: string; purged: number }> {
  const { channel, queue, dlq } = await openDlq(connection, name);
  try {
    const { messageCount } = await channel.purgeQueue(dlq);
    return { queue, purged: messageCount };
  } finally {
    await channel.close().catch(() => undefined);
  }
}
