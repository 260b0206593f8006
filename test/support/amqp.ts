import amqp, { type ChannelModel, type Channel } from 'amqplib';
import type { Test } from 'tap';
import { ConsumerSettings } from '#contracts';
import { deadLetterQueueOf, retryQueueOf } from '#runtime/names';
import { uniqueName } from './unique-name.ts';

export const TEST_AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestAmqp {
  url: string;
  connection: ChannelModel;
  channel: Channel;
  /** A unique exchange name, deleted when the test ends. */
  exchange(prefix?: string): string;
  /**
   * A unique queue name, deleted when the test ends with its `.dlq` and its delay queues
   * (`<queue>.retry.<ms>`, for the default delays and any in `retryDelaysMs`).
   */
  queue(prefix?: string, options?: { retryDelaysMs?: readonly number[] }): string;
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
  const defaultDelays = ConsumerSettings.parse({ queue: 'defaults' }).retryDelaysMs;
  t.teardown(async () => {
    // A fresh channel: the test may have closed or broken the first one.
    const cleanup = await connection.createChannel().catch(() => undefined);
    if (cleanup) {
      for (const q of queues) {
        for (const name of [q, deadLetterQueueOf(q)]) await cleanup.deleteQueue(name).catch(() => undefined);
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
    queue(prefix = 'test-q', options = {}) {
      const name = uniqueName(prefix);
      queues.push(name);
      for (const delay of new Set([...defaultDelays, ...(options.retryDelaysMs ?? [])])) queues.push(retryQueueOf(name, delay));
      return name;
    },
  };
}
