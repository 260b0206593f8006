import type { ServerResponse } from 'node:http';
import type { PeelError } from '#lib';

/** The JSON body Peel answers with when it answers itself: `{ code, message, requestId }`. */
export function errorBody(err: PeelError, requestId: string): string {
  return JSON.stringify({ code: err.code, message: err.message, requestId });
}

export function sendError(res: ServerResponse, err: PeelError, requestId: string): number {
  const status = err.statusCode ?? 502;
  if (res.headersSent) {
    res.destroy(err);
    return status;
  }
  const body = errorBody(err, requestId);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': requestId,
  });
  res.end(body);
  return status;
}
