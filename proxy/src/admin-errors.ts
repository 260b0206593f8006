import type { FastifyError, FastifyInstance } from 'fastify';
import { proxyErrors } from './errors.ts';

interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** Every admin error is JSON with a `code`: Peel's own, Fastify's client errors, and failures. */
export function registerAdminErrors(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const err = proxyErrors.adminRouteNotFound({ method: request.method, url: request.url.split('?')[0] ?? '' });
    return reply.code(404).send(err.toJSON());
  });
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, body } = toReply(err);
    if (status >= 500) request.log.error({ err }, 'admin request failed');
    return reply.code(status).send(body);
  });
}

/** Fastify's own wording for these says what went wrong but not what was expected. */
const CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'expected a JSON body with content-type: application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than the admin API takes (64 KiB); a feature change is a few hundred bytes',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'content-type is application/json but the body is empty; send {} for no fields',
};

function toReply(err: FastifyError): { status: number; body: ErrorBody } {
  const status = err.statusCode ?? 500;
  if (err.code?.startsWith('PEEL_') && status < 500) {
    return { status, body: { code: err.code, message: err.message, details: (err as { details?: unknown }).details } };
  }
  if (status >= 400 && status < 500) {
    const peel = proxyErrors.adminRequestInvalid({ problem: CLIENT_ERRORS[err.code ?? ''] ?? err.message });
    return { status, body: { code: peel.code, message: peel.message } };
  }
  const peel = proxyErrors.adminFailed({ problem: err.message });
  return { status: 500, body: { code: peel.code, message: peel.message } };
}
