import type { ConfirmChannel, Options } from 'amqplib';

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

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
