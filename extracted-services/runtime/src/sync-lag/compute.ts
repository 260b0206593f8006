import type { AdapterStatus, SyncLag } from '#contracts';
import type { AppliedPosition } from './position.ts';

/**
 * How far a service is behind the adapter. The adapter's sequence counts every event,
 * also those the service is not bound to, so a service that applied the last event it
 * receives is still "behind" by the events it never gets. When its queue and its delay
 * queues are empty and nothing is in flight it has everything the relay published, and
 * then its lag is the relay's own lag.
 */
export function computeSyncLag(applied: AppliedPosition | undefined, adapter: AdapterStatus | undefined, queueDrained: boolean): SyncLag {
  const lag: SyncLag = {
    ms: null,
    sequence: null,
    lastAppliedSequence: applied?.sequence ?? null,
    lastAppliedTime: applied?.time.toISOString() ?? null,
  };
  if (!adapter) return lag;
  // Nothing applied and nothing waiting: either there is nothing of its kind yet, or the events
  // were published before this queue existed (then only `peel replay` brings them). Unknown.
  if (!applied) return queueDrained ? lag : { ...lag, sequence: adapter.capture.lastSequence };
  if (queueDrained) return { ...lag, ms: adapter.relay.lagMs ?? 0, sequence: adapter.relay.lagEvents };
  const sequence = Math.max(0, adapter.capture.lastSequence - applied.sequence);
  const newest = adapter.capture.lastEventTime === null ? undefined : Date.parse(adapter.capture.lastEventTime);
  const ms = newest === undefined ? null : Math.max(0, newest - applied.time.getTime());
  return { ...lag, ms, sequence };
}
