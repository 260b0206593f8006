import type { MessageProperties } from 'amqplib';

/** Headers the runtime reads and writes on messages it retries or dead-letters. */
export const HEADER = {
  attempt: 'x-peel-attempt',
  originalExchange: 'x-peel-original-exchange',
  originalRoutingKey: 'x-peel-original-routing-key',
  lastError: 'x-peel-last-error',
  lastErrorCode: 'x-peel-last-error-code',
  dlqReason: 'x-peel-dlq-reason',
  errorCode: 'x-peel-error-code',
  deadLetteredAt: 'x-peel-dead-lettered-at',
  queue: 'x-peel-queue',
  /** Tells which copy the broker returned as unroutable; set on every copy, never carried on. */
  copyId: 'x-peel-copy-id',
} as const;

/** Headers the broker adds when it dead-letters or counts deliveries, and the last copy's id; a copy starts clean. */
const BOOKKEEPING_HEADER = /^x-(death|first-death-|last-death-|delivery-count|peel-copy-id$)/;

export type Headers = Record<string, unknown>;

/**
 * The longest text the runtime writes into a header. AMQP encodes all headers of a message
 * in one field table that amqplib caps at 64 KiB: one long validation message (20,000
 * unknown keys make 600 KB) would make every copy fail and the message loop forever.
 */
export const MAX_HEADER_CHARS = 1_000;

/** `value` cut to MAX_HEADER_CHARS, saying that it was cut and how long it was. */
export function boundedHeaderText(value: string): string {
  if (value.length <= MAX_HEADER_CHARS) return value;
  return `${value.slice(0, MAX_HEADER_CHARS)}… (cut, ${value.length} chars in all)`;
}

/** Headers the runtime writes, with every text value bounded: the one way they are built. */
export function runtimeHeaders(carried: Headers, own: Partial<Record<(typeof HEADER)[keyof typeof HEADER], string | number>>): Headers {
  const out: Headers = { ...carried };
  for (const [key, value] of Object.entries(own)) out[key] = typeof value === 'string' ? boundedHeaderText(value) : value;
  return out;
}

/** The 1-based attempt this delivery is; a message straight from the exchange is attempt 1. */
export function attemptOf(headers: Headers | undefined): number {
  const value = Number(headers?.[HEADER.attempt]);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/** How many times a quorum queue delivered this message before without an ack (0 for the first delivery, and on classic queues). */
export function redeliveriesOf(headers: Headers | undefined): number {
  const value = Number(headers?.['x-delivery-count']);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

/** Where the message was first published, kept across retries so `peel dlq retry` can send it back. */
export function originOf(headers: Headers | undefined, fields: { exchange: string; routingKey: string }): { exchange: string; routingKey: string } {
  const exchange = headers?.[HEADER.originalExchange];
  const routingKey = headers?.[HEADER.originalRoutingKey];
  if (typeof exchange === 'string' && typeof routingKey === 'string') return { exchange, routingKey };
  return { exchange: fields.exchange, routingKey: fields.routingKey };
}

/** Application headers of a message without the broker's bookkeeping. */
export function ownHeaders(headers: Headers | undefined): Headers {
  const out: Headers = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (!BOOKKEEPING_HEADER.test(key)) out[key] = value;
  return out;
}

/** Publish options that carry a message on unchanged except for `headers`. */
export function forwardProperties(properties: MessageProperties, headers: Headers) {
  return {
    persistent: true,
    headers,
    ...(properties.messageId === undefined ? {} : { messageId: properties.messageId as string }),
    ...(properties.type === undefined ? {} : { type: properties.type as string }),
    ...(properties.timestamp === undefined ? {} : { timestamp: properties.timestamp as number }),
    ...(properties.contentType === undefined ? {} : { contentType: properties.contentType as string }),
    ...(properties.correlationId === undefined ? {} : { correlationId: properties.correlationId as string }),
    ...(properties.appId === undefined ? {} : { appId: properties.appId as string }),
  };
}
