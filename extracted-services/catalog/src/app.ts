import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceReadiness } from '#contracts';
import type { Logger } from '#lib';
import { installErrorHandlers } from './http-errors.ts';
import type { CatalogMetrics } from './metrics.ts';
import { registerProductRoutes } from './product-routes.ts';
import type { ProductStore } from './product-store.ts';
import { registerStatusRoutes } from '#runtime/status-routes';

export interface CatalogAppDeps {
  store: ProductStore;
  metrics: CatalogMetrics;
  readiness: () => Promise<ServiceReadiness>;
  logger: Logger;
}

export function buildCatalogApp(deps: CatalogAppDeps): FastifyInstance {
  // Request logs would drown the event logs; errors are logged by the error handler.
  const app = Fastify({ logger: false });
  installErrorHandlers(app, deps.logger);
  registerStatusRoutes(app, deps.readiness, deps.metrics.registry);
  registerProductRoutes(app, deps.store);
  return app;
}
