import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { ProxyConfig } from '#contracts';
import { createLogger, type Logger } from '#lib';
import { isAdminAuthorized } from './admin-auth.ts';
import { buildAdminServer } from './admin-server.ts';
import { createFeatureStore, type FeatureStore } from './feature-store.ts';
import { loadFeaturesFile } from './features-file.ts';
import { registerOpsRoutes, registerProgressRoute } from './ops-routes.ts';
import { buildProxyServer, type ProxyServer } from './proxy-server.ts';

export interface RunningProxy {
  /** `http://host:port` of the public listener and of the admin API. */
  readonly url: string;
  readonly adminUrl: string;
  readonly logger: Logger;
  readonly store: FeatureStore;
  readonly proxy: ProxyServer;
  readonly admin: FastifyInstance;
  /** Stops intake, drains in-flight requests (bounded by drainTimeoutMs), closes pools, admin and store. Idempotent. */
  close(): Promise<void>;
}

/**
 * The composition root: features file → feature store → public proxy and admin API →
 * listen. An invalid features file or config stops here, before any port is opened, and
 * whatever started is closed again when a later step fails.
 */
export async function startProxy(config: ProxyConfig, deps: { logger?: Logger } = {}): Promise<RunningProxy> {
  // An asynchronous stdout: a request line per request must not block the event loop.
  const logger = deps.logger ?? createLogger('proxy', { level: config.logLevel, destination: pino.destination({ dest: 1, sync: false }) });
  const table = await loadFeaturesFile(config.featuresFile, { legacyUrl: config.legacyUrl });
  const store = await createFeatureStore({
    table,
    stateFile: config.stateFile,
    syncIntervalMs: config.syncIntervalMs,
    logger,
    database: config.mongodbDatabase,
    ...(config.mongodbUrl ? { mongodbUrl: config.mongodbUrl } : {}),
  });
  const token = config.admin.token;
  const proxy = buildProxyServer({
    source: store,
    logger: logger.child({ component: 'router' }),
    trustedProxies: config.trustedProxies,
    authorizeOverride: (authorization) => isAdminAuthorized(authorization, token),
    progressIntervalMs: config.progressIntervalMs,
  });
  const admin = buildAdminServer({
    store,
    logger,
    ...(token ? { token } : {}),
    extraRoutes: (app) => registerOpsRoutes(app, proxy, () => store.current().version),
    protectedRoutes: (app) => registerProgressRoute(app, proxy),
  });
  const closeAll = async (): Promise<void> => {
    await proxy.close(config.drainTimeoutMs);
    await admin.close();
    await store.close();
  };
  try {
    const adminUrl = await admin.listen({ host: config.admin.host, port: config.admin.port });
    const address = await proxy.listen(config.listen.port, config.listen.host);
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    logger.info({ url, adminUrl, configVersion: store.current().version, features: table.features.length }, 'proxy listening');
    let closing: Promise<void> | undefined;
    return { url, adminUrl, logger, store, proxy, admin, close: () => (closing ??= closeAll()) };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
