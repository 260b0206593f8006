import Fastify, { type FastifyInstance } from 'fastify';
import type { Adapter } from '../adapter.ts';

/** `/healthz` (the process is up), `/readyz` (capture and relay are running), `/status`, `/metrics`. */
export function buildHttpServer(adapter: Pick<Adapter, 'status' | 'metrics' | 'refreshMetrics'>): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const status = adapter.status();
    return reply.code(status.ready ? 200 : 503).send({ ready: status.ready, reasons: status.reasons });
  });
  app.get('/status', async () => adapter.status());
  app.get('/metrics', async (_req, reply) => {
    await adapter.refreshMetrics();
    const text = await adapter.metrics.registry.metrics();
    return reply.type(adapter.metrics.registry.contentType).send(text);
  });
  return app;
}
