import { defineError } from '#lib';

/**
 * The catalog's own errors. Product reads answer with the shop's codes (`PEEL_SHOP_*`),
 * so a client cannot tell which side served it.
 */
export const catalogErrors = {
  mongoUnreachable: defineError<{ url: string; reason: string }>(
    'PEEL_CATALOG_MONGO_UNREACHABLE',
    undefined,
    (d) => `cannot connect to MongoDB at ${d.url}: ${d.reason}`,
  ),
};
