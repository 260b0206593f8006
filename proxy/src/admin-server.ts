import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '#lib';
import { registerAdminErrors } from './admin-errors.ts';
import { adminRoutes } from './admin-routes.ts';
import type { FeatureStore } from './feature-store.ts';

export interface AdminServerOptions {
  store: FeatureStore;
  /** Bearer token required on every feature route; without one the listener must be loopback. */
  token?: string;
  logger: Logger;
  /** Routes outside the token check (`/healthz`, `/readyz`, `/metrics`), added to the root. */
  extraRoutes?: (app: FastifyInstance) => void;
  /** More routes behind the same token check as the feature routes (`GET /progress`). */
  protectedRoutes?: (app: FastifyInstance) => void;
}

const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;

/** The admin API, built but not listening: the caller decides host and port. */
export function buildAdminServer(options: AdminServerOptions): FastifyInstance {
  const logger = options.logger.child({ component: 'admin' });
  const app = Fastify({ loggerInstance: logger, bodyLimit: ADMIN_BODY_LIMIT_BYTES }) as unknown as FastifyInstance;
  registerAdminErrors(app);
  options.extraRoutes?.(app);
  void app.register(adminRoutes, { store: options.store, token: options.token, extra: options.protectedRoutes });
  return app;
}
