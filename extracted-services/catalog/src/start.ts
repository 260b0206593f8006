import type { CatalogConfig } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { createConsumer, createMongoPing, createSyncLagTracker, serviceReadiness } from '#runtime';
import { buildCatalogApp } from './app.ts';
import { connectMongo } from './mongo.ts';
import { createCatalogHandler } from './handle-event.ts';
import { createCatalogMetrics } from './metrics.ts';
import { createProductStore, type ProductStore } from './product-store.ts';
import { replayHint } from './replay-hint.ts';

export const CATALOG_BINDINGS = ['shop.product.*'];

export interface CatalogDeps {
  logger?: Logger;
}

export interface RunningCatalog {
  url: string;
  /** Stops consuming, lets in-flight events finish, then closes HTTP and MongoDB. Idempotent. */
  close(): Promise<void>;
}

export async function startCatalog(config: CatalogConfig, deps: CatalogDeps = {}): Promise<RunningCatalog> {
  const logger = deps.logger ?? createLogger('catalog', { level: config.logLevel });
  const mongo = await connectMongo(config.mongodbUrl);
  const store = createProductStore(mongo.db(config.database));
  const parts = await wire(config, store, logger, createMongoPing(mongo)).catch(async (err: unknown) => {
    await mongo.close();
    throw err;
  });
  const shutdown = async (): Promise<void> => {
    await parts.close();
    await mongo.close();
  };
  let url: string;
  try {
    await parts.consumer.start();
    url = await parts.app.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await shutdown().catch(() => undefined);
    throw err;
  }
  logger.info({ url, queue: config.consumer.queue, lastAppliedSequence: parts.lastAppliedSequence }, 'catalog started');
  if (parts.lastAppliedSequence === null) {
    // Events published before this queue existed never reach it; say how to get them.
    logger.info({ queue: config.consumer.queue, hint: replayHint(config) }, 'catalog database is empty');
  }
  let closed: Promise<void> | undefined;
  return { url, close: () => (closed ??= shutdown()) };
}

/** Everything between MongoDB and the listener; `close()` stops intake first, then the rest. */
async function wire(config: CatalogConfig, store: ProductStore, logger: Logger, storeUp: () => Promise<boolean>) {
  await store.ensureIndexes();
  const sync = createSyncLagTracker({
    adapterStatusUrl: config.adapterStatusUrl,
    adapterStatusIntervalMs: config.adapterStatusIntervalMs,
    amqpUrl: config.amqpUrl,
    queue: config.consumer.queue,
    retryDelaysMs: config.consumer.retryDelaysMs,
    initial: await store.lastApplied(),
    inFlight: () => consumer.stats().inFlight,
    logger,
  });
  const { lag, position } = sync;
  const metrics = createCatalogMetrics(lag);
  const consumer = createConsumer({
    ...config.consumer,
    retryDelaysMs: [...config.consumer.retryDelaysMs],
    url: config.amqpUrl,
    exchange: config.exchange,
    bindings: CATALOG_BINDINGS,
    handler: createCatalogHandler({ store, position, metrics, logger }),
    logger,
  });
  let closing = false;
  const app = buildCatalogApp({ store, metrics, logger, readiness: async () => serviceReadiness('catalog', consumer, closing, await lag(), await storeUp()) });
  const close = async (): Promise<void> => {
    closing = true;
    await consumer.close();
    await app.close();
    await sync.close();
  };
  return { consumer, app, close, lastAppliedSequence: position.current()?.sequence ?? null };
}
