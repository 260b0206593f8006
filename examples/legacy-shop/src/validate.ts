import type { z } from 'zod';
import { invalidRequestError, type RequestPart } from '#contracts';
import { shopErrors } from './errors.ts';

/** The parsed input, or a PEEL_SHOP_INVALID_REQUEST (400) naming the first bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const body = invalidRequestError(part, result.error);
  throw shopErrors.invalidRequest({ field: body.field ?? part, message: body.message });
}
