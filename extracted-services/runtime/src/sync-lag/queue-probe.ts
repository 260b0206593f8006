import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { closeAmqp, type Logger } from '#lib';

export interface QueueProbe {
  /** Ready messages in all the queues together, or undefined when the broker cannot be asked right now (or one is missing). */
  depth(): Promise<number | undefined>;
  close(): Promise<void>;
}

/**
 * Asks the broker how many messages wait in the consumer's queues (the main one and its
 * delay queues), on a connection of its own (a failed passive check closes its channel,
 * and must not take the consumer's down with it). Connects lazily, and again after any failure.
 */
export function createQueueProbe(url: string, queues: readonly string[], logger: Logger): QueueProbe {
  let connection: ChannelModel | undefined;
  let opening: Promise<Channel> | undefined;
  let closed = false;
  const reset = (): void => {
    const old = connection;
    connection = undefined;
    opening = undefined;
    if (old) void closeAmqp(old);
  };
  const open = async (): Promise<Channel> => {
    const conn = await amqp.connect(url, { clientProperties: { connection_name: `peel-queue-probe:${queues[0] ?? ''}` } });
    if (closed) {
      await conn.close();
      throw new Error('queue probe closed');
    }
    connection = conn;
    conn.on('error', () => undefined);
    conn.on('close', () => connection === conn && reset());
    const channel = await conn.createChannel();
    channel.on('error', () => undefined);
    channel.on('close', () => connection === conn && reset());
    return channel;
  };
  return {
    async depth() {
      if (closed) return undefined;
      try {
        opening ??= open();
        const channel = await opening;
        let total = 0;
        for (const name of queues) total += (await channel.checkQueue(name)).messageCount;
        return total;
      } catch (err) {
        logger.debug({ err, queues }, 'queue depth unavailable');
        reset();
        return undefined;
      }
    },
    async close() {
      closed = true;
      const old = connection;
      connection = undefined;
      opening = undefined;
      if (old) await closeAmqp(old);
    },
  };
}
