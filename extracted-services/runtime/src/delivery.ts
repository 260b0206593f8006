import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from '#lib';
import { decodeEvent } from './decode.ts';
import { runtimeErrors } from './errors.ts';
import { HEADER, attemptOf, boundedHeaderText, forwardProperties, originOf, ownHeaders, redeliveriesOf, runtimeHeaders, type Headers } from './headers.ts';
import { DEAD_LETTER_EXCHANGE, retryDelayFor, retryQueueOf } from './names.ts';
import type { ConsumerRuntimeSettings, EventHandler } from './options.ts';
import { publishCopy } from './publish.ts';
import { declareTopology } from './topology.ts';

export type Outcome =
  | { kind: 'handled'; messageId: string; attempt: number }
  | { kind: 'retried'; messageId: string; attempt: number; delayMs: number; code: string; reason: string }
  | { kind: 'dead-lettered'; messageId: string; attempt: number; code: string; reason: string };

export interface DeliveryDeps {
  channel: ConfirmChannel;
  settings: Pick<ConsumerRuntimeSettings, 'queue' | 'queueType' | 'exchange' | 'bindings' | 'maxAttempts' | 'maxRedeliveries' | 'retryDelaysMs'>;
  handler: EventHandler;
  logger: Logger;
}

/**
 * Takes one message to its end: handled and acked, parked in a delay queue, or copied to
 * the DLQ with the reason. Every copy is confirmed by the broker before the original is
 * acked; if the channel dies first, nothing is acked and the broker redelivers.
 */
export async function processDelivery(msg: ConsumeMessage, deps: DeliveryDeps): Promise<Outcome> {
  const headers = msg.properties.headers as Headers | undefined;
  const attempt = attemptOf(headers);
  const redeliveries = redeliveriesOf(headers);
  if (redeliveries >= deps.settings.maxRedeliveries) {
    // Checked before anything else touches it: the message itself may be what kills the consumer.
    const error = runtimeErrors.redeliveryLimit({ deliveries: redeliveries + 1, limit: deps.settings.maxRedeliveries });
    return deadLetter(msg, deps, { messageId: String(msg.properties.messageId ?? ''), attempt, code: error.code, reason: error.message });
  }
  const decoded = decodeEvent(msg.content);
  const messageId = String(msg.properties.messageId ?? (decoded.ok ? decoded.event.id : ''));
  if (!decoded.ok) return deadLetter(msg, deps, { messageId, attempt, code: decoded.code, reason: decoded.reason });
  // The request (or event) that started the chain, as the adapter set it: one id to follow through every log.
  const correlationId = msg.properties.correlationId as unknown;
  const logger = deps.logger.child({ eventType: decoded.event.type, messageId, attempt, ...(typeof correlationId === 'string' ? { correlationId } : {}) });
  try {
    await deps.handler(decoded.event, { attempt, messageId, redelivered: msg.fields.redelivered, logger });
  } catch (err) {
    const failure = describeFailure(err);
    logger.warn({ err }, 'handler failed');
    if (attempt >= deps.settings.maxAttempts) return deadLetter(msg, deps, { messageId, attempt, ...failure });
    return retry(msg, deps, { messageId, attempt, ...failure });
  }
  deps.channel.ack(msg);
  return { kind: 'handled', messageId, attempt };
}

interface Failure {
  messageId: string;
  attempt: number;
  code: string;
  reason: string;
}

async function retry(msg: ConsumeMessage, deps: DeliveryDeps, f: Failure): Promise<Outcome> {
  const delayMs = retryDelayFor(f.attempt, deps.settings.retryDelaysMs);
  const headers = runtimeHeaders(carriedHeaders(msg), {
    [HEADER.attempt]: f.attempt + 1,
    [HEADER.lastError]: f.reason,
    [HEADER.lastErrorCode]: f.code,
  });
  const queue = retryQueueOf(deps.settings.queue, delayMs);
  await sendCopy(deps, '', queue, msg.content, forwardProperties(msg.properties, headers));
  deps.channel.ack(msg);
  return { kind: 'retried', ...f, reason: boundedHeaderText(f.reason), delayMs };
}

async function deadLetter(msg: ConsumeMessage, deps: DeliveryDeps, f: Failure): Promise<Outcome> {
  const headers = runtimeHeaders(carriedHeaders(msg), {
    [HEADER.attempt]: f.attempt,
    [HEADER.dlqReason]: f.reason,
    [HEADER.errorCode]: f.code,
    [HEADER.queue]: deps.settings.queue,
    [HEADER.deadLetteredAt]: new Date().toISOString(),
  });
  const options = forwardProperties(msg.properties, headers);
  await sendCopy(deps, DEAD_LETTER_EXCHANGE, deps.settings.queue, msg.content, options);
  deps.channel.ack(msg);
  const reason = boundedHeaderText(f.reason);
  deps.logger.warn({ messageId: f.messageId, code: f.code, reason, attempt: f.attempt }, 'message dead-lettered');
  return { kind: 'dead-lettered', ...f, reason };
}

/**
 * Publishes a retry or DLQ copy and resolves once a queue holds it. A copy no queue took
 * (someone deleted `<queue>.retry.<ms>` or `<queue>.dlq`) re-declares the topology and goes
 * once more; if it still comes back this rejects, and the original is not acked.
 */
async function sendCopy(deps: DeliveryDeps, exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
  if ((await publishCopy(deps.channel, exchange, routingKey, content, options)) === 'routed') return;
  deps.logger.warn({ exchange, routingKey }, 'copy unroutable, declaring the topology again');
  await declareTopology(deps.channel, deps.settings);
  if ((await publishCopy(deps.channel, exchange, routingKey, content, options)) === 'routed') return;
  throw runtimeErrors.copyUnroutable({ exchange: exchange || '(default)', routingKey });
}

/** The message's own headers plus where it was first published, so retries can go back there. */
function carriedHeaders(msg: ConsumeMessage): Headers {
  const headers = msg.properties.headers as Headers | undefined;
  const origin = originOf(headers, msg.fields);
  return { ...ownHeaders(headers), [HEADER.originalExchange]: origin.exchange, [HEADER.originalRoutingKey]: origin.routingKey };
}

function describeFailure(err: unknown): { code: string; reason: string } {
  const reason = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : runtimeErrors.handlerFailed.code;
  return { code, reason };
}
