import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ServiceReadiness } from '#contracts';

/** `/healthz` (the process answers), `/readyz` (it consumes), `/metrics` (Prometheus). */
export function registerStatusRoutes(app: FastifyInstance, readiness: () => ServiceReadiness, registry: Registry): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const body = readiness();
    return reply.code(body.ready ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
