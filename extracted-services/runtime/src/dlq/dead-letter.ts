import type { GetMessage } from 'amqplib';
import { HEADER, type Headers } from '../headers.ts';

/** What an operator needs to know about one dead letter. */
export interface DeadLetter {
  messageId: string | undefined;
  type: string | undefined;
  reason: string;
  code: string | undefined;
  attempts: number | undefined;
  deadLetteredAt: string | undefined;
  /** Where the message was first published; `peel dlq retry` sends it back there. */
  exchange: string;
  routingKey: string;
  headers: Headers;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
}

interface DeathRecord {
  reason?: unknown;
  exchange?: unknown;
  'routing-keys'?: unknown;
  queue?: unknown;
}

/** Reads the runtime's headers, or the broker's `x-death` for messages it dead-lettered itself. */
export function describeDeadLetter(msg: GetMessage, queue: string): DeadLetter {
  const headers = (msg.properties.headers ?? {}) as Headers;
  const origin = originOfDeadLetter(headers, queue);
  const death = firstDeath(headers);
  const attempts = headers[HEADER.attempt];
  return {
    messageId: msg.properties.messageId as string | undefined,
    type: stringOrUndefined(msg.properties.type) ?? typeOfBody(msg.content),
    reason: stringOrUndefined(headers[HEADER.dlqReason]) ?? `dead-lettered by the broker (${String(death?.reason ?? 'unknown reason')})`,
    code: stringOrUndefined(headers[HEADER.errorCode]),
    attempts: typeof attempts === 'number' ? attempts : undefined,
    deadLetteredAt: stringOrUndefined(headers[HEADER.deadLetteredAt]),
    exchange: origin.exchange,
    routingKey: origin.routingKey,
    headers,
    body: parseBody(msg.content),
  };
}

/**
 * The runtime records the first exchange and routing key; the broker's own dead letters
 * carry them in `x-death`. Without either, the message goes to the consumer's queue only.
 */
export function originOfDeadLetter(headers: Headers, queue: string): { exchange: string; routingKey: string } {
  const exchange = headers[HEADER.originalExchange];
  const routingKey = headers[HEADER.originalRoutingKey];
  if (typeof exchange === 'string' && typeof routingKey === 'string') return { exchange, routingKey };
  const death = firstDeath(headers);
  const keys = Array.isArray(death?.['routing-keys']) ? (death['routing-keys'] as unknown[]) : [];
  if (typeof death?.exchange === 'string' && death.exchange !== '' && typeof keys[0] === 'string') {
    return { exchange: death.exchange, routingKey: keys[0] };
  }
  return { exchange: '', routingKey: queue };
}

function firstDeath(headers: Headers): DeathRecord | undefined {
  const deaths = headers['x-death'];
  return Array.isArray(deaths) ? (deaths.at(-1) as DeathRecord | undefined) : undefined;
}

function parseBody(content: Buffer): unknown {
  const text = content.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function typeOfBody(content: Buffer): string | undefined {
  const body = parseBody(content);
  return typeof body === 'object' && body !== null ? stringOrUndefined((body as { type?: unknown }).type) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
