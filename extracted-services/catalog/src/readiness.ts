import type { ServiceReadiness, SyncLag } from '#contracts';
import type { Consumer } from '#runtime';

/** Ready while the consumer holds a channel; the lag is reported either way. */
export function catalogReadiness(consumer: Consumer, closing: boolean, lag: SyncLag): ServiceReadiness {
  const reasons: string[] = [];
  if (closing) reasons.push('shutting down');
  else if (!consumer.stats().connected) reasons.push('not consuming: no RabbitMQ channel');
  return { service: 'catalog', ready: reasons.length === 0, reasons, lag };
}
