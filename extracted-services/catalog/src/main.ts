import { closeOnSignals, createLogger } from '#lib';
import { loadCatalogConfig } from './config.ts';
import { startCatalog } from './start.ts';

/**
 * `peel service catalog`: config from the environment, then serve until SIGTERM/SIGINT,
 * which stops consuming, lets in-flight events finish and closes. Resolves once closed.
 */
export async function runCatalog(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadCatalogConfig(env);
  const logger = createLogger('catalog', { level: config.logLevel });
  const service = await startCatalog(config, { logger });
  await new Promise<void>((resolve) => closeOnSignals({ close: () => service.close().then(resolve) }, logger));
}
