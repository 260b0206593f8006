import type { ChannelModel, GetMessage } from 'amqplib';
import { HEADER, forwardProperties, ownHeaders, type Headers } from '../headers.ts';
import { publishConfirmed } from '../publish.ts';
import { originOfDeadLetter } from './dead-letter.ts';
import { openDlq } from './dlq-channel.ts';

export interface RetryResult {
  queue: string;
  retried: number;
  /** Left in the DLQ because no queue is bound for their routing key any more. */
  unroutable: number;
  remaining: number;
}

/** Headers describing the failure: a retried message starts over with a fresh attempt count. */
const FAILURE_HEADERS = new Set<string>([
  HEADER.attempt,
  HEADER.dlqReason,
  HEADER.errorCode,
  HEADER.deadLetteredAt,
  HEADER.queue,
  HEADER.lastError,
  HEADER.lastErrorCode,
  HEADER.originalExchange,
  HEADER.originalRoutingKey,
]);

/**
 * Moves up to `limit` dead letters back, oldest first: each is republished (persistent,
 * mandatory, confirmed) to its original exchange and routing key — or with `queueOnly`
 * to the consumer's queue alone — and only then acked. At most the messages present at
 * the start are taken, so a message that fails again is not picked up twice in one run.
 */
export async function retryDeadLetters(
  connection: ChannelModel,
  name: string,
  options: { limit: number; queueOnly?: boolean },
): Promise<RetryResult> {
  const { channel, queue, dlq, depth } = await openDlq(connection, name);
  let returned = false;
  channel.on('return', () => (returned = true));
  let retried = 0;
  let unroutable = 0;
  try {
    for (let i = 0; i < Math.min(options.limit, depth); i += 1) {
      const msg = await channel.get(dlq, { noAck: false });
      if (!msg) break;
      returned = false;
      await republish(channel, msg, queue, options.queueOnly === true);
      if (returned) {
        // Handed back and the run stops: it would come back first on the next get.
        channel.nack(msg, false, true);
        unroutable += 1;
        break;
      }
      channel.ack(msg);
      retried += 1;
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
  return { queue, retried, unroutable, remaining: depth - retried };
}

async function republish(channel: Parameters<typeof publishConfirmed>[0], msg: GetMessage, queue: string, queueOnly: boolean): Promise<void> {
  const headers = (msg.properties.headers ?? {}) as Headers;
  const target = queueOnly ? { exchange: '', routingKey: queue } : originOfDeadLetter(headers, queue);
  const fresh = Object.fromEntries(Object.entries(ownHeaders(headers)).filter(([key]) => !FAILURE_HEADERS.has(key)));
  await publishConfirmed(channel, target.exchange, target.routingKey, msg.content, { ...forwardProperties(msg.properties, fresh), mandatory: true });
}
