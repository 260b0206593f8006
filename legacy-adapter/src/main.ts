import { closeOnSignals, createLogger } from '#lib';
import { createAdapter } from './adapter.ts';
import { loadAdapterConfig } from './config.ts';
import { buildHttpServer } from './http/server.ts';
import { replayEvents, type ReplayOptions, type ReplayResult } from './replay.ts';

export interface RunAdapterOptions {
  forceSnapshot?: boolean;
  tty?: NodeJS.WriteStream | undefined;
}

/**
 * `peel adapter`: config from the environment, both loops, the HTTP port. Resolves
 * once a signal has closed everything (capture stopped, confirms awaited, checkpoints written).
 */
export async function runAdapter(env: NodeJS.ProcessEnv, options: RunAdapterOptions = {}): Promise<void> {
  const config = loadAdapterConfig(env);
  const logger = createLogger('legacy-adapter', { level: config.logLevel });
  const adapter = await createAdapter(config, { logger, tty: options.tty });
  const server = buildHttpServer(adapter);
  let address: string;
  try {
    address = await server.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await adapter.close();
    throw err;
  }
  logger.info({ address }, 'adapter http listening');
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  closeOnSignals(
    {
      close: async () => {
        await server.close();
        await adapter.close();
        resolveClosed();
      },
    },
    logger,
  );
  await adapter.start({ forceSnapshot: options.forceSnapshot ?? false });
  await closed;
}

/** `peel replay`: the store and broker from the adapter's environment. */
export async function runReplay(env: NodeJS.ProcessEnv, options: Omit<ReplayOptions, 'mongodbUrl' | 'database' | 'amqpUrl' | 'windowSize' | 'target'> & { target?: ReplayOptions['target'] }): Promise<ReplayResult> {
  const config = loadAdapterConfig(env);
  return replayEvents({
    ...options,
    mongodbUrl: config.mongodbUrl,
    database: config.database,
    amqpUrl: config.amqpUrl,
    windowSize: config.relay.windowSize,
    target: options.target ?? { exchange: config.exchange },
  });
}
