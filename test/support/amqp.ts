import amqp, { type ChannelModel, type Channel } from 'amqplib';
import type { Test } from 'tap';
import { uniqueName } from './unique-name.ts';

export const TEST_AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestAmqp {
  url: string;
  connection: ChannelModel;
  channel: Channel;
  /** A unique exchange name, deleted when the test ends. */
  exchange(prefix?: string): string;
  /** A unique queue name, deleted (with its `.dlq` and retry queues) when the test ends. */
  queue(prefix?: string): string;
}

/**
 * A RabbitMQ connection for one test, with unique names that are cleaned up at the end,
 * so tests run in parallel and can be rerun.
 */
export async function useAmqp(t: Test): Promise<TestAmqp> {
  const connection = await amqp.connect(TEST_AMQP_URL);
  const channel = await connection.createChannel();
  const exchanges: string[] = [];
  const queues: string[] = [];
  t.teardown(async () => {
    // A fresh channel: the test may have closed or broken the first one.
    const cleanup = await connection.createChannel().catch(() => undefined);
    if (cleanup) {
      for (const q of queues) {
        for (const name of [q, `${q}.dlq`, `${q}.retry`]) await cleanup.deleteQueue(name).catch(() => undefined);
      }
      for (const e of exchanges) await cleanup.deleteExchange(e).catch(() => undefined);
    }
    await connection.close().catch(() => undefined);
  });
  return {
    url: TEST_AMQP_URL,
    connection,
    channel,
    exchange(prefix = 'test-ex') {
      const name = uniqueName(prefix);
      exchanges.push(name);
      return name;
    },
    queue(prefix = 'test-q') {
      const name = uniqueName(prefix);
      queues.push(name);
      return name;
    },
  };
}
