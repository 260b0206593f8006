import type { FastifyError, FastifyInstance } from 'fastify';
import { SHOP_ERROR_CODES, shopError } from '#contracts';
import type { Logger } from '#lib';

/**
 * Errors in the shop's body shape, so a client cannot tell which side answered. A 500
 * never leaks its message; the log has it.
 */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(shopError(404, SHOP_ERROR_CODES.notFound, `route ${request.method} ${request.url} not found`)),
  );
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send(shopError(status, SHOP_ERROR_CODES.invalidRequest, err.message));
    logger.error({ err }, 'request failed');
    return reply.code(500).send(shopError(500, SHOP_ERROR_CODES.internal, 'internal error'));
  });
}
