import type { EmbeddedMongoConfig } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { startEmbeddedMongo, type EmbeddedMongo } from './server.ts';

/** The composition root of `peel mongo`: a logger and the server, listening on the configured port. */
export async function runEmbeddedMongo(config: EmbeddedMongoConfig, logger: Logger = createLogger('embedded-mongo', { level: config.logLevel })): Promise<{ server: EmbeddedMongo; logger: Logger }> {
  const server = await startEmbeddedMongo({
    host: config.host,
    port: config.port,
    dbpath: config.dbpath,
    changeLogSize: config.changeLogSize,
    replicaSet: config.replicaSet,
    logger,
  });
  return { server, logger };
}
