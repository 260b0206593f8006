import { routingKeyOf } from '#contracts';
import type { Options } from 'amqplib';
import type { StoredEvent } from '../store/event-store.ts';

export interface OutgoingMessage {
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
}

/**
 * An event as an AMQP message: JSON body, the event id as message id, routing key = type
 * without version. The correlation id is the request's when the monolith recorded it,
 * otherwise the event's own id: the event starts the chain that follows from it.
 */
export function toMessage(event: StoredEvent): OutgoingMessage {
  const correlationId = event.correlationId ?? event.id;
  const headers: Record<string, unknown> = { 'x-peel-sequence': event.sequence, 'x-peel-subject': event.subject, 'x-correlation-id': correlationId };
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
      correlationId,
      headers,
    },
  };
}
