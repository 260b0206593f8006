import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { internalError, routeNotFoundError, shopError, SHOP_ERROR_CODES, type ShopError } from '#contracts';
import { PeelError } from '#lib';

/**
 * Every error leaves as a `ShopError` body. The shop's own errors keep their code and
 * field; the framework's 4xx (bad JSON, wrong content type, body too large) become
 * PEEL_SHOP_INVALID_REQUEST naming the body; anything else is a 500 whose details only
 * go to the log.
 */
export function handleShopError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = toShopError(err);
  if (body.statusCode >= 500) req.log.error({ err }, 'request failed');
  return reply.code(body.statusCode).send(body);
}

export function handleRouteNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send(routeNotFoundError(req.method, req.url.split('?')[0] ?? req.url));
}

function toShopError(err: unknown): ShopError {
  if (err instanceof PeelError && err.code.startsWith('PEEL_SHOP_') && err.statusCode !== undefined) {
    if (err.statusCode >= 500) return internalError();
    const field = (err.details as { field?: unknown } | undefined)?.field;
    return shopError(err.statusCode, err.code, err.message, typeof field === 'string' ? field : undefined);
  }
  const status = (err as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return shopError(status, SHOP_ERROR_CODES.invalidRequest, `invalid body: ${(err as Error).message}`, 'body');
  }
  return internalError();
}
