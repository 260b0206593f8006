import { z } from 'zod';
import { formatPath } from '#lib/zod-issues';

/**
 * The JSON error body of the legacy shop, for 400, 404, 409 and 500. The catalog service
 * answers product reads with exactly these bodies, so a client cannot tell who served it.
 * Key order is fixed by `shopError()`, which both services use to build a body.
 */
export const ShopError = z
  .object({
    statusCode: z.int().min(400).max(599),
    /** `PEEL_SHOP_*`, listed in docs/errors.md. */
    code: z.string().regex(/^PEEL_SHOP_[A-Z_]+$/),
    /** The HTTP reason phrase of `statusCode`. */
    error: z.string().min(1),
    message: z.string().min(1),
    /** For 400 and for 409 on a unique field: the offending field, dotted (`items[0].quantity`). */
    field: z.string().min(1).optional(),
  })
  .strict();
export type ShopError = z.infer<typeof ShopError>;

/** The codes a product read can answer with; the shop's other 409s have codes of their own. */
export const SHOP_ERROR_CODES = {
  invalidRequest: 'PEEL_SHOP_INVALID_REQUEST',
  notFound: 'PEEL_SHOP_NOT_FOUND',
  internal: 'PEEL_SHOP_INTERNAL',
} as const;

export const INTERNAL_ERROR_MESSAGE = 'internal server error';

/** The 500 body: never the underlying error, which only goes to the log. */
export function internalError(): ShopError {
  return shopError(500, SHOP_ERROR_CODES.internal, INTERNAL_ERROR_MESSAGE);
}

/** The 404 body for a path no route matches. */
export function routeNotFoundError(method: string, path: string): ShopError {
  return shopError(404, SHOP_ERROR_CODES.notFound, `route ${method} ${path} not found`);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(statusCode: number): string {
  return REASONS[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Bad Request');
}

export function shopError(statusCode: number, code: string, message: string, field?: string): ShopError {
  const body: ShopError = { statusCode, code, error: reasonPhrase(statusCode), message };
  if (field !== undefined) body.field = field;
  return body;
}

/** Where the invalid input was: the query string, the path parameters or the body. */
export type RequestPart = 'query' | 'params' | 'body';

/**
 * The 400 body for input that failed a zod schema: names the first offending field, and
 * lists every issue in the message. An unknown key is named as the field itself.
 */
export function invalidRequestError(part: RequestPart, error: z.ZodError): ShopError {
  const described = error.issues.map((issue) => ({ field: fieldOf(issue, part), message: issue.message }));
  const message = `invalid ${part}: ${described.map((d) => `${d.field}: ${d.message}`).join('; ')}`;
  return shopError(400, SHOP_ERROR_CODES.invalidRequest, message, described[0]?.field ?? part);
}

export function notFoundError(resource: string, id: string): ShopError {
  return shopError(404, SHOP_ERROR_CODES.notFound, `${resource} ${id} not found`);
}

/** The dotted path of the offending field; the part itself (`body`) when the whole value is wrong. */
function fieldOf(issue: z.core.$ZodIssue, part: RequestPart): string {
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  return path.length === 0 ? part : formatPath(path);
}
