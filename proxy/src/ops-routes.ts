import type { FastifyInstance } from 'fastify';
import type { ProxyServer } from './proxy-server.ts';

/**
 * `/healthz`, `/readyz` and `/metrics` on the admin listener, outside the token check. They
 * live there, not on the public listener, so they can never shadow a route of the legacy
 * application.
 */
export function registerOpsRoutes(app: FastifyInstance, proxy: ProxyServer, configVersion: () => number): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = proxy.ready;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', configVersion: configVersion() });
  });
  app.get('/metrics', async (_req, reply) => reply.type(proxy.metrics.contentType).send(await proxy.metrics.text()));
}

/** `GET /progress`: traffic totals since start per feature and each service's sync lag (behind the admin token). */
export function registerProgressRoute(app: FastifyInstance, proxy: Pick<ProxyServer, 'progress'>): void {
  app.get('/progress', async () => proxy.progress());
}
