import Fastify from 'fastify';
import type { Test } from 'tap';
import type { AdapterStatus } from '#contracts';

/**
 * Stands in for the adapter's `GET /status`, reached over HTTP as a service reaches the
 * real one. It answers `status.current`, or 503 while that is undefined. Returns the URL.
 */
export async function useAdapterStatusServer(t: Test, status: { current: AdapterStatus | undefined }): Promise<string> {
  const app = Fastify();
  app.get('/status', async (_req, reply) => (status.current ? status.current : reply.code(503).send({ ready: false })));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  return `${url}/status`;
}
