import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { runtimeErrors } from '../errors.ts';
import { deadLetterQueueOf, mainQueueOf } from '../names.ts';

export interface OpenDlq {
  channel: ConfirmChannel;
  queue: string;
  dlq: string;
  /** Messages in the DLQ when it was opened. */
  depth: number;
}

/**
 * A confirm channel on an existing `<queue>.dlq`. A missing queue is a clear error: the
 * passive check closes its own throwaway channel, not the one returned.
 */
export async function openDlq(connection: ChannelModel, name: string): Promise<OpenDlq> {
  const queue = mainQueueOf(name);
  const dlq = deadLetterQueueOf(queue);
  const depth = await dlqDepth(connection, dlq);
  if (depth === undefined) throw runtimeErrors.queueMissing({ queue: dlq });
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => undefined);
  return { channel, queue, dlq, depth };
}

/** Depth of a queue, or undefined when it does not exist. */
export async function dlqDepth(connection: ChannelModel, dlq: string): Promise<number | undefined> {
  const probe = await connection.createChannel();
  probe.on('error', () => undefined);
  try {
    const { messageCount } = await probe.checkQueue(dlq);
    await probe.close();
    return messageCount;
  } catch {
    return undefined;
  }
}
