import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import type { Logger } from '#lib';
import { shopCollections } from './documents.ts';
import { handleRouteNotFound, handleShopError } from './error-handler.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerOrderRoutes } from './routes/orders.ts';
import { registerProductRoutes } from './routes/products.ts';
import { registerUserRoutes } from './routes/users.ts';

export interface ShopAppDeps {
  db: Db;
  logger: Logger;
  /** The clock, for createdAt/updatedAt/placedAt. */
  now?: () => Date;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

/** The shop as a Fastify instance, routes registered, not listening. The caller owns `db`. */
export function buildShopApp({ db, logger, now = () => new Date() }: ShopAppDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: true });
  app.setErrorHandler(handleShopError);
  app.setNotFoundHandler(handleRouteNotFound);
  const collections = shopCollections(db);
  registerHealthRoute(app, db);
  registerUserRoutes(app, collections, now);
  registerProductRoutes(app, collections, now);
  registerOrderRoutes(app, db, collections, now);
  return app;
}
