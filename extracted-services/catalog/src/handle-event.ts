import type { PeelEvent } from '#contracts';
import type { Logger } from '#lib';
import type { CatalogMetrics } from './metrics.ts';
import { isProductEvent, productChangeOf, type ProductSnapshotCompleted } from './product-change.ts';
import type { ProductStore } from './product-store.ts';
import type { HandlerContext, SyncPosition } from '#runtime';

export interface CatalogHandlerDeps {
  store: ProductStore;
  position: SyncPosition;
  metrics: CatalogMetrics;
  logger: Logger;
}

/**
 * Applies one product event. A stale one (older than the stored state, or the same event
 * again) changes nothing and is acked. A failure rejects, and the runtime retries it.
 */
export function createCatalogHandler(deps: CatalogHandlerDeps): (event: PeelEvent, context?: Pick<HandlerContext, 'logger'>) => Promise<void> {
  return async (event, context) => {
    // The runtime's logger for this message names its id and correlation id.
    const logger = context?.logger ?? deps.logger;
    if (event.type === 'shop.product.snapshot-completed.v1') return dropNotSnapshotted({ ...deps, logger }, event);
    if (!isProductEvent(event)) {
      logger.warn({ eventType: event.type }, 'event ignored');
      return;
    }
    const labels = { eventType: event.type };
    let outcome: 'applied' | 'stale';
    try {
      outcome = await deps.store.apply(productChangeOf(event));
    } catch (err) {
      deps.metrics.failed.inc(labels);
      throw err;
    }
    deps.metrics[outcome].inc(labels);
    deps.position.advance(event.sequence, new Date(event.time));
    logger.debug({ eventType: event.type, subject: event.subject, sequence: event.sequence, outcome }, 'event processed');
  };
}

/** The end of a snapshot: products it did not send are gone from the legacy database. */
async function dropNotSnapshotted(deps: CatalogHandlerDeps, event: ProductSnapshotCompleted): Promise<void> {
  const labels = { eventType: event.type };
  const { runId, startSequence, copied } = event.data;
  let dropped: number;
  try {
    dropped = await deps.store.dropNotSnapshotted(startSequence, new Date(event.time));
  } catch (err) {
    deps.metrics.failed.inc(labels);
    throw err;
  }
  deps.metrics.applied.inc(labels);
  deps.metrics.dropped.inc(dropped);
  deps.position.advance(event.sequence, new Date(event.time));
  deps.logger.info({ eventType: event.type, runId, startSequence, copied, dropped }, 'snapshot completed: products it did not send dropped');
}
