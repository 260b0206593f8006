import type { SyncLag } from '#contracts';
import type { Logger } from '#lib';
import { createAdapterStatusPoller } from './adapter-status-poller.ts';
import { cachedFor } from './cached.ts';
import { computeSyncLag } from './compute.ts';
import { createSyncPosition, type AppliedPosition, type SyncPosition } from './position.ts';
import { createQueueProbe } from './queue-probe.ts';
import { retryQueueOf } from '../names.ts';

/** One `/readyz` or `/metrics` read asks for the lag several times; the broker is asked once. */
const LAG_CACHE_MS = 100;

export interface SyncLagOptions {
  /** The adapter's `GET /status`; without it the lag is unknown. */
  adapterStatusUrl?: string | undefined;
  adapterStatusIntervalMs: number;
  amqpUrl: string;
  /** The service's queue, whose depth tells whether it has everything published. */
  queue: string;
  /**
   * The consumer's `retryDelaysMs`: an event waiting in `<queue>.retry.<ms>` is not applied
   * yet, so the queue is drained only when those are empty too. Without it they are not
   * looked at, and a service with events parked for a retry can report no lag.
   */
  retryDelaysMs?: readonly number[] | undefined;
  /** The newest event the service's store holds, at start. */
  initial: AppliedPosition | undefined;
  /** Deliveries being handled right now (the consumer's `stats().inFlight`). */
  inFlight: () => number;
  logger: Logger;
}

export interface SyncLagTracker {
  /** Call for every event processed, applied or not. */
  position: SyncPosition;
  lag(): Promise<SyncLag>;
  close(): Promise<void>;
}

/** A service's distance to the adapter, as `/readyz` (ServiceReadiness) and `/metrics` report it. */
export function createSyncLagTracker(options: SyncLagOptions): SyncLagTracker {
  const position = createSyncPosition(options.initial);
  const poller = options.adapterStatusUrl ? createAdapterStatusPoller(options.adapterStatusUrl, options.adapterStatusIntervalMs, options.logger) : undefined;
  const delayQueues = [...new Set(options.retryDelaysMs ?? [])].map((ms) => retryQueueOf(options.queue, ms));
  const probe = createQueueProbe(options.amqpUrl, [options.queue, ...delayQueues], options.logger);
  const lag = cachedFor(LAG_CACHE_MS, async (): Promise<SyncLag> => {
    const adapter = poller?.current();
    // Depth is asked only when it can matter: with an adapter status to compare against.
    const drained = adapter !== undefined && options.inFlight() === 0 && (await probe.depth()) === 0;
    return computeSyncLag(position.current(), adapter, drained);
  });
  return {
    position,
    lag,
    async close() {
      poller?.close();
      await probe.close();
    },
  };
}
