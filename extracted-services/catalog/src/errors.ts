import { defineError } from '#lib';

/**
 * The catalog's own errors. Product reads answer with the shop's codes (`PEEL_SHOP_*`),
 * so a client cannot tell which side served it.
 */
export const catalogErrors = {
  adapterStatusUnreadable: defineError<{ url: string; reason: string }>(
    'PEEL_CATALOG_ADAPTER_STATUS_UNREADABLE',
    undefined,
    (d) => `cannot read the adapter status at ${d.url}: ${d.reason}; sync lag is unknown`,
  ),
};
