import type { ServiceReadiness, SyncLag } from '#contracts';
import type { Consumer } from './consumer.ts';

/**
 * A service is ready while its consumer holds a channel and its MongoDB answers: then
 * events flow and reads are current. The lag is reported either way.
 */
export function serviceReadiness(service: string, consumer: Consumer, closing: boolean, lag: SyncLag, storeReachable = true): ServiceReadiness {
  const reasons: string[] = [];
  if (closing) reasons.push('shutting down');
  else if (!consumer.stats().connected) reasons.push('not consuming: no RabbitMQ channel');
  if (!closing && !storeReachable) reasons.push('MongoDB does not answer');
  return { service, ready: reasons.length === 0, reasons, lag };
}
