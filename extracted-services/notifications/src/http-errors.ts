import type { FastifyError, FastifyInstance } from 'fastify';
import { reasonPhrase } from '#contracts/http/shop-error';
import type { FieldIssue, Logger, PeelError } from '#lib';
import { hasCode } from '#lib';
import { notificationsErrors } from './errors.ts';

/** The error body: the same keys as the shop's, with this service's codes. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  field?: string;
}

export function errorBody(statusCode: number, code: string, message: string, field?: string): ErrorBody {
  const body: ErrorBody = { statusCode, code, error: reasonPhrase(statusCode), message };
  if (field !== undefined) body.field = field;
  return body;
}

/** Every error leaves as a JSON body with a code; a 500 never leaks its message. */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((request, reply) => {
    const err = notificationsErrors.notFound({ method: request.method, url: request.url });
    return reply.code(404).send(errorBody(404, err.code, err.message));
  });
  app.setErrorHandler((err: FastifyError | PeelError, _request, reply) => {
    if (hasCode(err, notificationsErrors.invalidQuery)) {
      const issues = (err as PeelError<{ issues: FieldIssue[] }>).details.issues;
      return reply.code(400).send(errorBody(400, err.code, err.message, issues[0]?.path));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const bad = notificationsErrors.badRequest({ reason: err.message });
      return reply.code(status).send(errorBody(status, bad.code, bad.message));
    }
    logger.error({ err }, 'request failed');
    const internal = notificationsErrors.internal();
    return reply.code(500).send(errorBody(500, internal.code, internal.message));
  });
}
