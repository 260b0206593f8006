import type { Db } from 'mongodb';
import type { FastifyInstance } from 'fastify';

/** 200 while the database answers a ping, 503 otherwise. */
export function registerHealthRoute(app: FastifyInstance, db: Db): void {
  app.get('/healthz', async (req, reply) => {
    try {
      await db.command({ ping: 1 }, { timeoutMS: 2_000 });
      return { status: 'ok' };
    } catch (err) {
      req.log.warn({ err }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
