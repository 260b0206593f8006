import type { FastifyRequest } from 'fastify';

/**
 * The document field where the shop records which request made each write, as a monolith
 * would to let the legacy adapter carry it on as the event's correlation id: set
 * `ADAPTER_CORRELATION_FIELD=lastRequestId`.
 */
export const REQUEST_ID_FIELD = 'lastRequestId';

/** The fields a write adds to say which request made it: none when the request carried no usable id. */
export type RequestStamp = { lastRequestId?: string };

/** The envelope's correlation id takes at most this many characters. */
const MAX_REQUEST_ID = 128;

/** The request's `X-Request-Id` (Peel's proxy always sends one) as a stamp for what it writes. */
export function requestStamp(req: FastifyRequest): RequestStamp {
  const id = req.headers['x-request-id'];
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_REQUEST_ID ? { [REQUEST_ID_FIELD]: id } : {};
}
