import { closeOnSignals, createLogger } from '#lib';
import { loadNotificationsConfig } from './config.ts';
import { startNotifications } from './start.ts';

/**
 * `peel service notifications`: config from the environment, then serve until
 * SIGTERM/SIGINT, which stops consuming, lets in-flight events finish and closes.
 */
export async function runNotifications(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadNotificationsConfig(env);
  const logger = createLogger('notifications', { level: config.logLevel });
  const service = await startNotifications(config, { logger });
  await new Promise<void>((resolve) => closeOnSignals({ close: () => service.close().then(resolve) }, logger));
}
