import type { ChannelModel } from 'amqplib';
import { adapterErrors } from './errors.ts';

export type ReplayTarget = { exchange: string } | { queue: string };

/**
 * Fails with a clear error before anything is sent when the target is missing: a publish
 * to a missing exchange would close the channel mid-replay, one to a missing queue would
 * come back unroutable event by event. A passive declare on a channel of its own, since
 * the broker closes the channel that asked.
 */
export async function checkReplayTarget(connection: ChannelModel, target: ReplayTarget): Promise<void> {
  const probe = await connection.createChannel();
  probe.on('error', () => undefined);
  try {
    if ('exchange' in target) await probe.checkExchange(target.exchange);
    else await probe.checkQueue(target.queue);
  } catch (err) {
    const [kind, name, how] = 'exchange' in target ? ['exchange', target.exchange, '--to-exchange or PEEL_EXCHANGE'] : ['queue', target.queue, '--to-queue'];
    throw adapterErrors.replayInvalid({ field: `${kind} ${JSON.stringify(name)}`, problem: `does not exist on the broker; name an existing ${kind} with ${how}` }, { cause: err });
  }
  await probe.close().catch(() => undefined);
}
