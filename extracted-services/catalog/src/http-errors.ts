import type { FastifyError, FastifyInstance } from 'fastify';
import { internalError, routeNotFoundError, shopError, SHOP_ERROR_CODES } from '#contracts';
import type { Logger } from '#lib';

/**
 * Errors with the shop's bodies, built the way the shop builds them, so a client cannot
 * tell which side answered: an unknown route, a framework 4xx, and a 500 that never leaks
 * its cause (the log has it).
 */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) => reply.code(404).send(routeNotFoundError(request.method, request.url.split('?')[0] ?? request.url)));
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.code(status).send(shopError(status, SHOP_ERROR_CODES.invalidRequest, `invalid body: ${err.message}`, 'body'));
    }
    logger.error({ err }, 'request failed');
    return reply.code(500).send(internalError());
  });
}
