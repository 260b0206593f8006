import { randomUUID } from 'node:crypto';
import type { ConfirmChannel, Message, Options } from 'amqplib';
import { HEADER, type Headers } from './headers.ts';

/**
 * Publishes and resolves once the broker confirmed. A closed channel rejects (amqplib
 * fails pending confirms on close), so a message is only acked after its copy is safe.
 */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      channel.publish(exchange, routingKey, content, options, (err: unknown) => (err ? reject(toError(err)) : resolve()));
    } catch (err) {
      reject(toError(err));
    }
  });
}

/** Copies awaiting their confirm on a channel, by copy id: set when the broker returns one. */
const awaitingReturn = new WeakMap<ConfirmChannel, Map<string, { returned: boolean }>>();

function copiesOf(channel: ConfirmChannel): Map<string, { returned: boolean }> {
  let copies = awaitingReturn.get(channel);
  if (!copies) {
    const map = new Map<string, { returned: boolean }>();
    channel.on('return', (msg: Message) => {
      const copy = map.get(String((msg.properties.headers as Headers | undefined)?.[HEADER.copyId]));
      if (copy) copy.returned = true;
    });
    awaitingReturn.set(channel, map);
    copies = map;
  }
  return copies;
}

/**
 * Publishes a copy `mandatory` and resolves `'routed'` once the broker confirmed it, or
 * `'returned'` when no queue took it (a deleted retry queue or DLQ): without `mandatory` the
 * broker confirms an unroutable message and drops it. The broker sends basic.return before
 * the confirm; a copy id header tells which of the copies in flight on the channel came back.
 */
export async function publishCopy(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
): Promise<'routed' | 'returned'> {
  const copies = copiesOf(channel);
  const copyId = randomUUID();
  const copy = { returned: false };
  copies.set(copyId, copy);
  try {
    const headers = { ...(options.headers as Headers | undefined), [HEADER.copyId]: copyId };
    await publishConfirmed(channel, exchange, routingKey, content, { ...options, headers, mandatory: true });
    return copy.returned ? 'returned' : 'routed';
  } finally {
    copies.delete(copyId);
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
