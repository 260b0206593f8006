import { defineError } from '#lib';
import { internalError, notFoundError, type OrderStatus } from '#contracts';

/**
 * Every error the shop answers with on purpose. The HTTP body is built from the error by
 * `error-handler.ts`: `{ statusCode, code, error, message, field? }` (`ShopError`).
 */
export const shopErrors = {
  invalidRequest: defineError<{ field: string; message: string }>('PEEL_SHOP_INVALID_REQUEST', 400, (d) => d.message),
  notFound: defineError<{ resource: string; id: string; field?: string }>('PEEL_SHOP_NOT_FOUND', 404, (d) => notFoundError(d.resource, d.id).message),
  duplicate: defineError<{ resource: string; field: string; value: string }>(
    'PEEL_SHOP_DUPLICATE',
    409,
    (d) => `a ${d.resource} with ${d.field} ${JSON.stringify(d.value)} already exists`,
  ),
  insufficientStock: defineError<{ field: string; productId: string; requested: number; available: number }>(
    'PEEL_SHOP_INSUFFICIENT_STOCK',
    409,
    (d) => `product ${d.productId} has ${d.available} in stock, ${d.requested} requested`,
  ),
  invalidTransition: defineError<{ orderId: string; from: OrderStatus; to: OrderStatus; allowed: OrderStatus[] }>(
    'PEEL_SHOP_INVALID_TRANSITION',
    409,
    (d) => `order ${d.orderId} cannot go from ${d.from} to ${d.to}; allowed: ${d.allowed.length > 0 ? d.allowed.join(', ') : 'none'}`,
  ),
  internal: defineError<void>('PEEL_SHOP_INTERNAL', 500, () => internalError().message),
};
