import { once, type EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import type { Test } from 'tap';
import type { Channel } from 'amqplib';
import { EVENT_EXAMPLES, routingKeyOf, type PeelEvent } from '#contracts';
import { createLogger, waitFor, type Logger } from '#lib';
import { useAmqp, type TestAmqp } from '#test-support';
import { createConsumer, type Consumer, type ConsumerOptions } from '#runtime';
import { retryQueueOf } from '#runtime/names';

export interface RuntimeFixture extends TestAmqp {
  queueName: string;
  exchangeName: string;
  logger: Logger;
  /** Starts a consumer on the fixture's queue and exchange; closed when the test ends. */
  consumer(options: Partial<ConsumerOptions> & Pick<ConsumerOptions, 'handler'>): Promise<Consumer>;
  publish(event: unknown, options?: { routingKey?: string; raw?: Buffer }): void;
}

export const quiet: Logger = createLogger('runtime-test', { level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

/** A unique queue + exchange per test; retry queues are deleted too, after the consumers closed. */
export async function useRuntime(t: Test, retryDelaysMs: number[] = [50, 100]): Promise<RuntimeFixture> {
  const amqp = await useAmqp(t);
  const queueName = amqp.queue('rt');
  const exchangeName = amqp.exchange('rt-ex');
  t.teardown(async () => {
    const ch = await amqp.connection.createChannel().catch(() => undefined);
    for (const d of new Set(retryDelaysMs)) await ch?.deleteQueue(retryQueueOf(queueName, d)).catch(() => undefined);
    await ch?.close().catch(() => undefined);
  });
  return {
    ...amqp,
    queueName,
    exchangeName,
    logger: quiet,
    async consumer(options) {
      const consumer = createConsumer({
        url: amqp.url,
        queue: queueName,
        exchange: exchangeName,
        bindings: ['shop.#', 'bogus.#'],
        queueType: 'quorum',
        retryDelaysMs,
        maxAttempts: 3,
        reconnectInitialMs: 50,
        reconnectMaxMs: 500,
        logger: quiet,
        ...options,
      });
      await consumer.start();
      t.teardown(() => consumer.close());
      return consumer;
    },
    publish(event, options = {}) {
      publishEvent(amqp.channel, exchangeName, event, options);
    },
  };
}

/** Publishes the way the adapter does: routing key = type without version, messageId = event id. */
export function publishEvent(channel: Channel, exchange: string, event: unknown, options: { routingKey?: string; raw?: Buffer } = {}): void {
  const e = event as Partial<PeelEvent>;
  const routingKey = options.routingKey ?? routingKeyOf(String(e.type));
  channel.publish(exchange, routingKey, options.raw ?? Buffer.from(JSON.stringify(event)), {
    persistent: true,
    contentType: 'application/json',
    ...(typeof e.id === 'string' ? { messageId: e.id } : {}),
    headers: { 'x-peel-sequence': e.sequence, 'x-peel-subject': e.subject },
  });
}

/** A valid product event with its own id and sequence. */
export function productEvent(sequence: number, id = `ev-${sequence}-${Math.random().toString(16).slice(2, 10)}`): PeelEvent {
  return { ...EVENT_EXAMPLES['shop.product.updated.v1'], id, sequence };
}

const run = promisify(execFile);

/** Closes a client's connection from the broker side, found by its `connection_name`. */
export async function closeConnectionFromBroker(connectionName: string): Promise<void> {
  const pid = await waitFor(`connection ${connectionName} listed by rabbitmqctl`, async () => {
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_connections', '--no-table-headers', 'pid', 'client_properties']);
    const line = stdout.split('\n').find((l) => l.includes(`{"connection_name","${connectionName}"}`));
    return line?.split('\t')[0];
  });
  await run('rabbitmqctl', ['-q', 'close_connection', pid, 'peel test: connection killed']);
}

/** `once` with a deadline, so a missing event fails the test instead of hanging it. */
export function nextEvent(emitter: EventEmitter, name: string, timeoutMs = 10_000): Promise<unknown[]> {
  return once(emitter, name, { signal: AbortSignal.timeout(timeoutMs) });
}
