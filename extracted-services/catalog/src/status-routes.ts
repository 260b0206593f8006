import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ServiceReadiness } from '#contracts';

/** `/healthz` (the process answers), `/readyz` (it consumes, with its lag), `/metrics` (Prometheus). */
export function registerStatusRoutes(app: FastifyInstance, readiness: () => Promise<ServiceReadiness>, registry: Registry): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const body = await readiness();
    return reply.code(body.ready ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
