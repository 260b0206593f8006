import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ServiceReadiness } from '#contracts';

/**
 * What every extracted service serves for operators: `/healthz` (the process answers),
 * `/readyz` (200 when ready, 503 with the reasons when not, with its sync lag where it
 * knows it) and `/metrics` (Prometheus).
 */
export function registerStatusRoutes(app: FastifyInstance, readiness: () => ServiceReadiness | Promise<ServiceReadiness>, registry: Registry): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const body = await readiness();
    return reply.code(body.ready ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
