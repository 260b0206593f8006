import Fastify, { type FastifyInstance } from 'fastify';
import type { ServiceReadiness } from '#contracts';
import type { Logger } from '#lib';
import { installErrorHandlers } from './http-errors.ts';
import type { NotificationsMetrics } from './metrics.ts';
import { registerNotificationRoutes } from './routes.ts';
import { registerStatusRoutes } from '#runtime/status-routes';
import type { NotificationStore } from './store.ts';

export interface NotificationsAppDeps {
  store: NotificationStore;
  metrics: NotificationsMetrics;
  readiness: () => Promise<ServiceReadiness>;
  logger: Logger;
}

export function buildNotificationsApp(deps: NotificationsAppDeps): FastifyInstance {
  // Request logs would drown the event logs; errors are logged by the error handler.
  const app = Fastify({ logger: false });
  installErrorHandlers(app, deps.logger);
  registerStatusRoutes(app, deps.readiness, deps.metrics.registry);
  registerNotificationRoutes(app, deps.store);
  return app;
}
