import { routingKeyOf } from '#contracts';
import type { Options } from 'amqplib';
import type { StoredEvent } from '../store/event-store.ts';

export interface OutgoingMessage {
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
}

/** An event as an AMQP message: JSON body, the event id as message id, routing key = type without version. */
export function toMessage(event: StoredEvent): OutgoingMessage {
  const headers: Record<string, unknown> = { 'x-peel-sequence': event.sequence, 'x-peel-subject': event.subject };
  if (event.correlationId !== undefined) headers['x-correlation-id'] = event.correlationId;
  return {
    routingKey: routingKeyOf(event.type),
    content: Buffer.from(JSON.stringify(event)),
    options: {
      persistent: true,
      mandatory: true,
      messageId: event.id,
      type: event.type,
      timestamp: Math.floor(Date.parse(event.time) / 1000),
      contentType: 'application/json',
      headers,
    },
  };
}
