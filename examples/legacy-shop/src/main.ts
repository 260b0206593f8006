import type { FastifyInstance } from 'fastify';
import { MongoClient } from 'mongodb';
import type { LegacyShopConfig } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { buildShopApp } from './app.ts';
import { prepareShopDatabase } from './database.ts';

export interface RunningShop {
  /** `http://host:port` the shop listens on. */
  url: string;
  mongodbUrl: string;
  app: FastifyInstance;
  logger: Logger;
  /** Stops taking requests, lets in-flight ones finish, then closes MongoDB (and the embedded server). Idempotent. */
  close(): Promise<void>;
}

export interface StartShopDeps {
  logger?: Logger;
  now?: () => Date;
}

interface EmbeddedServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The composition root: MongoDB (the configured one, or an embedded server started here),
 * the database setup, the Fastify app, the listener. Whatever started is closed again if a
 * later step fails, so a failed start leaves no port or server behind.
 */
export async function startLegacyShop(config: LegacyShopConfig, deps: StartShopDeps = {}): Promise<RunningShop> {
  const logger = deps.logger ?? createLogger('legacy-shop', { level: config.logLevel });
  const cleanup: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const embedded = config.mongodbUrl === undefined ? await startEmbedded(config, logger) : undefined;
    if (embedded) cleanup.push(() => embedded.close());
    const mongodbUrl = config.mongodbUrl ?? (embedded as EmbeddedServer).url;
    const client = await new MongoClient(mongodbUrl).connect();
    cleanup.push(() => client.close());
    const db = client.db(config.database);
    await prepareShopDatabase(db);
    const app = buildShopApp({ db, logger, ...(deps.now ? { now: deps.now } : {}) });
    cleanup.push(() => app.close());
    const url = await app.listen({ host: config.http.host, port: config.http.port });
    logger.info({ url, database: config.database, embeddedMongo: embedded !== undefined }, 'legacy shop listening');
    let closing: Promise<void> | undefined;
    return { url, mongodbUrl, app, logger, close: () => (closing ??= closeAll()) };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function startEmbedded(config: LegacyShopConfig, logger: Logger): Promise<EmbeddedServer> {
  const { startEmbeddedMongo } = await import('#embedded-mongo');
  const server = await startEmbeddedMongo({ host: '127.0.0.1', port: config.embeddedMongoPort, logger: logger.child({ component: 'embedded-mongo' }) });
  logger.info({ mongodbUrl: server.url }, 'embedded mongodb started');
  return server;
}
